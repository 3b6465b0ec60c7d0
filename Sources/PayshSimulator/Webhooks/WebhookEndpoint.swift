import Foundation
import PayshJSON

/// A receiver the simulator POSTs webhooks to, registered through `POST /_sim/webhooks` or `paysh sim --webhook`.
///
/// JSON form: `{"url": "http://127.0.0.1:9000/hooks", "gateway": "cashfree", "events": ["PAYMENT_SUCCESS_WEBHOOK"],
/// "version": "2025-01-01", "timeout_ms": 5000}`; every field but `url` optional (all gateways, all events,
/// Cashfree webhook version 2025-01-01, 5 s). Only loopback receivers are accepted: the simulator never sends
/// anything off the machine.
public struct WebhookEndpoint: Sendable, Equatable {
  public var id: String
  public var url: String
  /// The gateway whose events it receives; nil for all three.
  public var gateway: Gateway?
  /// The event types it receives (``WebhookEventType``); empty for all.
  public var events: [String]
  /// The Cashfree webhook version its Cashfree bodies and headers follow.
  public var version: CashfreeWebhookVersion
  /// How long one attempt may take, send to answer, before it counts as failed.
  public var timeoutMS: Int

  /// The hosts a receiver may be on.
  static let loopbackHosts: Set<String> = ["127.0.0.1", "::1", "localhost"]
  /// Bounds of `timeout_ms`.
  static let timeoutRange = 1...600_000

  public init(
    id: String = "", url: String, gateway: Gateway? = nil, events: [String] = [],
    version: CashfreeWebhookVersion = .v20250101, timeoutMS: Int = 5000
  ) throws {
    self.id = id
    self.url = try Self.checkedURL(url)
    self.gateway = gateway
    self.events = try Self.checkedEvents(events)
    self.version = version
    guard Self.timeoutRange.contains(timeoutMS) else {
      throw SimulatorError.badRequest("timeout_ms must be a whole number from 1 to 600000 (got \(timeoutMS))")
    }
    self.timeoutMS = timeoutMS
  }

  /// Reads the admin API's JSON form.
  init(json: JSONValue) throws {
    guard json.members != nil else {
      throw SimulatorError.badRequest("body must be a JSON object: {\"url\": \"http://127.0.0.1:PORT/path\", …}")
    }
    guard case .string(let url) = json["url"] else {
      throw SimulatorError.badRequest("url is required: a string like \"http://127.0.0.1:9000/webhooks\"")
    }
    var gateway: Gateway?
    if let value = json["gateway"], value != .null {
      guard case .string(let name) = value else { throw SimulatorError.badRequest("gateway must be a string") }
      if name != "*" { gateway = try Gateway(name: name) }
    }
    var events: [String] = []
    if let value = json["events"], value != .null {
      guard let items = value.arrayValue else {
        throw SimulatorError.badRequest("events must be an array of event types")
      }
      for item in items {
        guard case .string(let name) = item else { throw SimulatorError.badRequest("events must be strings") }
        events.append(name)
      }
    }
    var version = CashfreeWebhookVersion.v20250101
    if let value = json["version"], value != .null {
      guard case .string(let text) = value, let known = CashfreeWebhookVersion(rawValue: text) else {
        throw SimulatorError.badRequest(
          "unknown webhook version \(value.textValue ?? value.compactText): use "
            + CashfreeWebhookVersion.allCases.map(\.rawValue).joined(separator: ", "))
      }
      version = known
    }
    var timeout = 5000
    if let value = json["timeout_ms"], value != .null {
      guard case .number = value, let whole = value.intValue else {
        throw SimulatorError.badRequest("timeout_ms must be a whole number from 1 to 600000")
      }
      timeout = whole
    }
    try self.init(url: url, gateway: gateway, events: events, version: version, timeoutMS: timeout)
    if let gateway, !events.isEmpty {
      let foreign = events.filter { !WebhookEventType.names(for: gateway).contains($0) }
      if let first = foreign.first {
        throw SimulatorError.badRequest("event \(first) is not a \(gateway.rawValue) event")
      }
    }
  }

  /// Whether this endpoint receives `type` events of `gateway`.
  func receives(_ gateway: Gateway, _ type: String) -> Bool {
    (self.gateway == nil || self.gateway == gateway) && (events.isEmpty || events.contains(type))
  }

  /// The admin API's answer: `{"id","url","gateway","events","version","timeout_ms"}` (`*` for all).
  var jsonValue: JSONValue {
    .obj([
      "id": .string(id), "url": .string(url), "gateway": .string(gateway?.rawValue ?? "*"),
      "events": .array(events.isEmpty ? ["*"] : events.map { .string($0) }),
      "version": .string(version.rawValue), "timeout_ms": .int(timeoutMS),
    ])
  }

  /// The URL if it is http(s) to a loopback host, else the refusal.
  static func checkedURL(_ text: String) throws -> String {
    guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
      scheme == "http" || scheme == "https", let rawHost = components.host, !rawHost.isEmpty
    else {
      throw SimulatorError.badRequest(
        "url \(text) is not an http(s) URL; use one like http://127.0.0.1:9000/webhooks")
    }
    let host = rawHost.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
    guard loopbackHosts.contains(host) else {
      throw SimulatorError.badRequest(
        "url \(text): host \(rawHost) is not loopback; the simulator sends webhooks only to 127.0.0.1, ::1 "
          + "or localhost")
    }
    return text
  }

  /// The event names if each is a known type, else a refusal naming the first unknown one.
  static func checkedEvents(_ names: [String]) throws -> [String] {
    let names = names.filter { $0 != "*" }
    if let unknown = names.first(where: { !WebhookEventType.all.contains($0) }) {
      throw SimulatorError.badRequest(
        "unknown event \(unknown): use one of \(WebhookEventType.all.joined(separator: ", "))")
    }
    return names
  }
}

/// The Cashfree webhook versions (`x-webhook-version`) the simulator writes.
public enum CashfreeWebhookVersion: String, Sendable, CaseIterable {
  case v20220901 = "2022-09-01"
  case v20230801 = "2023-08-01"
  case v20250101 = "2025-01-01"

  /// The API version whose entity shapes its bodies take.
  var apiVersion: CashfreeVersion {
    switch self {
    case .v20220901: .v20220901
    case .v20230801: .v20230801
    case .v20250101: .v20250101
    }
  }

  /// Whether `cf_payment_id` and `cf_refund_id` are JSON integers (2022-09-01) rather than strings.
  var usesIntegerIDs: Bool { self == .v20220901 }
  /// Whether `x-webhook-attempt` and `x-idempotency-key` are sent (2025-01-01).
  var hasAttemptHeaders: Bool { self == .v20250101 }
}
