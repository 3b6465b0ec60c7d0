import Foundation
import PayshJSON

/// A fault injected into the simulator's answers for one gateway and route (or all of them).
///
/// JSON form (admin API and docs/SIMULATOR.md):
/// `{"gateway":"cashfree","route":"order","kind":"status","status":503,"times":2}`.
public struct SimFault: Sendable, Equatable {
  /// What goes wrong.
  public enum Kind: String, Sendable, CaseIterable {
    /// Adds `latencyMS` plus a random 0…`jitterMS` before answering (combines with any other fault).
    case latency
    /// 429 with `x-ratelimit-retry` and `Retry-After` of `retryAfter` seconds.
    case rateLimit = "rate_limit"
    /// An error status (500, 502 or 503) with the gateway's error body.
    case status
    /// Closes the connection with a TCP reset instead of answering.
    case reset
    /// Sends the headers and half the body, then closes the connection.
    case truncate
    /// Answers 200 with a body that is not valid JSON.
    case invalidJSON = "invalid_json"
    /// Answers the normal body padded to `sizeBytes` (default 10 MiB) of valid JSON.
    case hugeBody = "huge_body"
    /// Sends the normal body `chunkBytes` at a time, `intervalMS` apart.
    case trickle
    /// A redirect (`status` 301, 302, 303, 307 or 308; default 302) to `location`, with no body.
    case redirect
    /// HTTP 200 with exactly `body` as its body (default empty): `null`, `42`, `""`, or nothing at all.
    case body
  }

  public var id = 0
  /// `cashfree`, `paytring`, `enkash` or `*`.
  public var gateway = "*"
  /// A route name (see ``SimRoute``) or `*`.
  public var route = "*"
  public var kind: Kind
  public var status = 503
  public var latencyMS = 0
  /// Up to this many milliseconds more, drawn uniformly for each answer (0…60000).
  public var jitterMS = 0
  public var retryAfter = 30
  public var sizeBytes = 10 * 1024 * 1024
  public var chunkBytes = 16
  public var intervalMS = 100
  public var location = "https://example.invalid/elsewhere"
  public var body = ""
  /// How many requests it still applies to; nil for until cleared.
  public var times: Int?

  public init(kind: Kind, gateway: String = "*", route: String = "*") {
    self.kind = kind
    self.gateway = gateway
    self.route = route
  }

  /// Reads a fault from its JSON form.
  public init(json: JSONValue) throws {
    guard let kindName = json["kind"]?.textValue, let kind = Kind(rawValue: kindName) else {
      let names = Kind.allCases.map(\.rawValue).joined(separator: ", ")
      throw SimulatorError.badRequest("fault kind must be one of: \(names)")
    }
    self.kind = kind
    gateway = json["gateway"]?.textValue?.lowercased() ?? "*"
    guard gateway == "*" || Gateway(rawValue: gateway) != nil else {
      throw SimulatorError.badRequest("fault gateway must be cashfree, paytring, enkash or *")
    }
    route = json["route"]?.textValue ?? "*"
    guard route == "*" || SimRoute.names(for: gateway).contains(route) else {
      let names = SimRoute.names(for: gateway).joined(separator: ", ")
      throw SimulatorError.badRequest("fault route must be * or one of: \(names)")
    }
    status = json["status"]?.intValue ?? (kind == .redirect ? 302 : 503)
    guard kind != .status || [500, 502, 503].contains(status) else {
      throw SimulatorError.badRequest("fault status must be 500, 502 or 503")
    }
    guard kind != .redirect || [301, 302, 303, 307, 308].contains(status) else {
      throw SimulatorError.badRequest("a redirect's status must be 301, 302, 303, 307 or 308")
    }
    location = json["location"]?.textValue ?? location
    body = json["body"]?.textValue ?? ""
    latencyMS = try SimFault.bounded(json, "latency_ms", SimFault.latencyRange) ?? 0
    jitterMS = try SimFault.bounded(json, "jitter_ms", SimFault.jitterRange) ?? 0
    retryAfter = try SimFault.bounded(json, "retry_after", 1...59) ?? 30
    sizeBytes = try SimFault.bounded(json, "size_bytes", 1024...(64 * 1024 * 1024)) ?? 10 * 1024 * 1024
    chunkBytes = try SimFault.bounded(json, "chunk_bytes", 1...(1024 * 1024)) ?? 16
    intervalMS = try SimFault.bounded(json, "interval_ms", 0...10_000) ?? 100
    times = try SimFault.bounded(json, "times", 1...1_000_000)
  }

  /// At most ten minutes of latency: longer is no test of a client's patience, only of the tester's.
  static let latencyRange = 0...600_000

  /// At most a minute of random latency on top.
  static let jitterRange = 0...60_000

  /// This answer's wait: `latency_ms` plus a uniform random 0…`jitter_ms`.
  func drawLatencyMS() -> Int { latencyMS + (jitterMS > 0 ? Int.random(in: 0...jitterMS) : 0) }

  /// The whole number at `key`, nil when absent (or null); refused with a 400 naming the field and the
  /// range when it is not a whole number within `range` (never coerced: `times: -1` is a mistake).
  static func bounded(_ json: JSONValue, _ key: String, _ range: ClosedRange<Int>) throws -> Int? {
    guard let value = json[key], value != .null else { return nil }
    guard let number = value.intValue, range.contains(number) else {
      let given = value.textValue ?? "not a number"
      throw SimulatorError.badRequest(
        "fault \(key) must be a whole number from \(range.lowerBound) to \(range.upperBound) (got \(given))")
    }
    return number
  }

  /// The fault as JSON (admin listing).
  public var jsonValue: JSONValue {
    var json = JSONValue.obj([
      "id": .int(id), "gateway": .string(gateway), "route": .string(route), "kind": .string(kind.rawValue),
    ])
    switch kind {
    case .latency: json["latency_ms"] = .int(latencyMS)
    case .rateLimit: json["retry_after"] = .int(retryAfter)
    case .status: json["status"] = .int(status)
    case .hugeBody: json["size_bytes"] = .int(sizeBytes)
    case .trickle:
      json["chunk_bytes"] = .int(chunkBytes)
      json["interval_ms"] = .int(intervalMS)
    case .redirect:
      json["status"] = .int(status)
      json["location"] = .string(location)
    case .body: json["body"] = .string(body)
    case .reset, .truncate, .invalidJSON: break
    }
    if kind != .latency && latencyMS > 0 { json["latency_ms"] = .int(latencyMS) }
    if jitterMS > 0 { json["jitter_ms"] = .int(jitterMS) }
    json["times"] = times.map { .int($0) } ?? .null
    return json
  }

  func matches(_ route: SimRoute) -> Bool {
    (gateway == "*" || gateway == route.gateway.rawValue) && (self.route == "*" || self.route == route.name)
  }
}

extension SimulatorStore {
  /// Adds a fault and returns it with its id.
  func addFault(_ fault: SimFault) -> SimFault {
    var fault = fault
    fault.id = nextFaultID
    nextFaultID += 1
    faults.append(fault)
    return fault
  }

  /// Removes one fault; false if there was none with that id.
  func removeFault(id: Int) -> Bool {
    let before = faults.count
    faults.removeAll { $0.id == id }
    return faults.count < before
  }

  /// Removes all faults.
  func clearFaults() { faults = [] }

  /// The active faults.
  func listFaults() -> [SimFault] { faults }

  /// The faults that apply to this request (latency ones plus at most one other), counting them down;
  /// `latencyOnly` (a request the rate limit refused) leaves the others for an admitted request.
  func takeFaults(for route: SimRoute, latencyOnly: Bool = false) -> [SimFault] {
    var taken: [SimFault] = []
    var tookMain = false
    for index in faults.indices where faults[index].matches(route) {
      if faults[index].kind != .latency {
        if tookMain || latencyOnly { continue }
        tookMain = true
      }
      taken.append(faults[index])
      if let times = faults[index].times { faults[index].times = times - 1 }
    }
    faults.removeAll { $0.times == 0 }
    return taken
  }
}

/// A thread-safe flag: whether any fault is set, so requests need not ask the store when none is.
final class FaultSwitch: @unchecked Sendable {
  private let lock = NSLock()
  private var active = false

  var isOn: Bool { lock.withLock { active } }

  func set(_ value: Bool) { lock.withLock { active = value } }
}
