import Foundation
import PayshJSON

/// A change scripted to happen to an order later: after N fetches of it, or T seconds on the clock.
///
/// Seed and admin JSON form: `{"after_fetches": 2, "set_status": "PAID"}`,
/// `{"after_seconds": 30, "add_refund": {…}}`, `{"after_fetches": 1, "patch": {…}}`,
/// `{"after_fetches": 1, "patch_payment": {"cf_payment_id": "6000000223", "payment_status": "SUCCESS", …}}`.
public struct ScriptedChange: Sendable, Equatable {
  /// When the change fires.
  public enum Trigger: Sendable, Equatable {
    /// Once the order has been fetched this many times (the next fetch sees the change).
    case afterFetches(Int)
    /// Once this many seconds have passed on the simulator clock since the change was scheduled.
    case afterSeconds(Double)
  }

  /// What the change does.
  public enum Action: Sendable, Equatable {
    /// Sets the gateway's status field (Cashfree `order_status`, Paytring `order_status`, EnKash `orderStatus`).
    case setStatus(String)
    /// Appends a Cashfree payment attempt.
    case addPayment(JSONValue)
    /// Appends a Cashfree refund (or marks a Paytring/EnKash order refunded).
    case addRefund(JSONValue)
    /// Sets the Cashfree settlement object.
    case setSettlement(JSONValue)
    /// Merges fields into the stored order object.
    case patch(JSONValue)
    /// Merges fields into the Cashfree payment its `cf_payment_id` names (the id itself stays).
    case patchPayment(JSONValue)
  }

  public var trigger: Trigger
  public var action: Action

  public init(trigger: Trigger, action: Action) {
    self.trigger = trigger
    self.action = action
  }

  /// Reads one change from its JSON form.
  public init(json: JSONValue) throws {
    if let fetches = json["after_fetches"]?.intValue {
      trigger = .afterFetches(max(0, fetches))
    } else if let seconds = json["after_seconds"]?.doubleValue {
      trigger = .afterSeconds(max(0, seconds))
    } else {
      throw SimulatorError.badRequest("a scripted change needs after_fetches or after_seconds")
    }
    if let status = json["set_status"]?.textValue {
      action = .setStatus(status)
    } else if let payment = json["add_payment"], payment.members != nil {
      action = .addPayment(payment)
    } else if let refund = json["add_refund"], refund.members != nil {
      action = .addRefund(refund)
    } else if let settlement = json["set_settlement"], settlement.members != nil {
      action = .setSettlement(settlement)
    } else if let patch = json["patch"], patch.members != nil {
      action = .patch(patch)
    } else if let patch = json["patch_payment"], patch.members != nil {
      guard patch["cf_payment_id"]?.textValue != nil else {
        throw SimulatorError.badRequest("patch_payment needs the cf_payment_id of the payment to change")
      }
      action = .patchPayment(patch)
    } else {
      throw SimulatorError.badRequest(
        "a scripted change needs set_status, add_payment, add_refund, set_settlement, patch or patch_payment")
    }
  }

  /// Reads a list of changes from a JSON array (or a single object).
  static func list(from json: JSONValue?) throws -> [ScriptedChange] {
    guard let json else { return [] }
    if let items = json.arrayValue { return try items.map(ScriptedChange.init(json:)) }
    return [try ScriptedChange(json: json)]
  }
}

/// A scheduled change with the moment it was scheduled and whether it has fired.
struct PendingChange: Sendable {
  var change: ScriptedChange
  var scheduledAt: Date
  var fired = false

  /// Whether the change is due, given how many fetches came before this one and the time now.
  func isDue(fetchesSoFar: Int, now: Date) -> Bool {
    guard !fired else { return false }
    switch change.trigger {
    case .afterFetches(let count): return fetchesSoFar >= count
    case .afterSeconds(let seconds): return now.timeIntervalSince(scheduledAt) >= seconds
    }
  }
}

/// Errors a caller can cause, carried to the HTTP layer.
public enum SimulatorError: Error, Sendable, Equatable, CustomStringConvertible {
  case badRequest(String)
  case notFound(String)
  case conflict(String)

  public var description: String {
    switch self {
    case .badRequest(let message), .notFound(let message), .conflict(let message): return message
    }
  }

  var status: Int {
    switch self {
    case .badRequest: return 400
    case .notFound: return 404
    case .conflict: return 409
    }
  }
}
