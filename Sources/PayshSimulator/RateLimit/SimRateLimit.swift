import Foundation
import PayshJSON

/// A per-endpoint rate limit: at most ``perMinute`` admitted requests in any 60 seconds of the simulator's
/// clock, counted per gateway, route and client.
///
/// A limit names a gateway (`cashfree`, `paytring`, `enkash` or `*`) and a route (a ``SimRoute`` name or `*`);
/// each route and client it covers has its own window. When several limits cover a request, the most
/// specific one applies: gateway and route, then gateway and `*`, then `*` and route, then `*` and `*`.
///
/// Forms: the spec `paysh sim --rate-limit` reads (``init(spec:)``: `N`, `GATEWAY=N`, `GATEWAY:ROUTE=N`) and
/// the JSON of the admin API (``init(json:)``: `{"gateway":"cashfree","route":"order","per_minute":60}`).
/// Reference: docs/SIMULATOR.md, Rate limits.
public struct SimRateLimit: Sendable, Equatable {
  /// The id the simulator gives it (`DELETE /_sim/rate-limits/:id`); 0 until the simulator has it.
  public internal(set) var id = 0
  /// `cashfree`, `paytring`, `enkash` or `*`.
  public let gateway: String
  /// A route name of the gateway (see ``SimRoute``) or `*`.
  public let route: String
  /// Admitted requests per 60 seconds of the simulator's clock, 1…100000.
  public let perMinute: Int

  /// The numbers a limit may allow per minute.
  public static let perMinuteRange = 1...100_000

  /// The sliding window's length, in seconds of the simulator's clock.
  public static let windowSeconds = 60.0

  /// The forms `--rate-limit` accepts, for messages.
  public static let specForms =
    "N (every gateway and route), GATEWAY=N or GATEWAY:ROUTE=N (e.g. cashfree:order=60), GATEWAY one of "
    + "cashfree, paytring, enkash, *"

  /// A limit; throws ``SimulatorError/badRequest(_:)`` naming what is wrong with the gateway, route or number.
  public init(gateway: String = "*", route: String = "*", perMinute: Int) throws {
    let gateway = gateway.lowercased()
    guard gateway == "*" || Gateway(rawValue: gateway) != nil else {
      throw SimulatorError.badRequest("rate limit gateway must be cashfree, paytring, enkash or * (got \(gateway))")
    }
    let names = SimRoute.names(for: gateway)
    guard route == "*" || names.contains(route) else {
      let whose = gateway == "*" ? "a route of any gateway" : "one of \(gateway)'s routes"
      var unique: [String] = []
      for name in names where !unique.contains(name) { unique.append(name) }
      throw SimulatorError.badRequest(
        "rate limit route must be * or \(whose): \(unique.joined(separator: ", ")) (got \(route))")
    }
    guard Self.perMinuteRange.contains(perMinute) else {
      throw SimulatorError.badRequest(Self.perMinuteMessage(String(perMinute)))
    }
    self.gateway = gateway
    self.route = route
    self.perMinute = perMinute
  }

  /// Reads `--rate-limit`'s form: `N`, `GATEWAY=N` or `GATEWAY:ROUTE=N`; the error says what was wrong and
  /// the forms accepted.
  public init(spec: String) throws {
    let text = spec.trimmingCharacters(in: .whitespaces)
    func refuse(_ what: String) -> SimulatorError {
      .badRequest("\(what); the forms are \(Self.specForms)")
    }
    guard !text.isEmpty else { throw refuse("the rate limit is empty") }
    let parts = text.split(separator: "=", omittingEmptySubsequences: false).map(String.init)
    guard parts.count <= 2 else { throw refuse("'\(text)' has more than one '='") }
    let numberText = (parts.count == 2 ? parts[1] : parts[0]).trimmingCharacters(in: .whitespaces)
    guard let perMinute = Int(numberText), Self.perMinuteRange.contains(perMinute) else {
      throw refuse(Self.perMinuteMessage(numberText.isEmpty ? "nothing" : numberText))
    }
    var gateway = "*"
    var route = "*"
    if parts.count == 2 {
      let target = parts[0].trimmingCharacters(in: .whitespaces)
      let names = target.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
      guard names.count <= 2, !(names.first ?? "").isEmpty else {
        throw refuse("'\(target)' is not GATEWAY or GATEWAY:ROUTE")
      }
      gateway = names[0]
      if names.count == 2 {
        guard !names[1].isEmpty else { throw refuse("'\(target)' names no route after ':'") }
        route = names[1]
      }
    }
    do {
      try self.init(gateway: gateway, route: route, perMinute: perMinute)
    } catch let error as SimulatorError {
      throw refuse(error.description)
    }
  }

  /// Reads the admin API's form `{"gateway":"cashfree","route":"order","per_minute":60}` (gateway and route
  /// default to `*`); refuses other members, so a misspelt one is not silently ignored.
  public init(json: JSONValue) throws {
    guard let members = json.members else {
      throw SimulatorError.badRequest(
        "body must be {\"gateway\": \"cashfree\", \"route\": \"order\", \"per_minute\": 60}")
    }
    let known = ["gateway", "route", "per_minute"]
    if let unknown = members.first(where: { !known.contains($0.key) }) {
      throw SimulatorError.badRequest(
        "rate limit has no field '\(unknown.key)'; the fields are gateway, route and per_minute")
    }
    func text(_ key: String) throws -> String {
      guard let value = json[key], value != .null else { return "*" }
      guard case .string(let text) = value else {
        throw SimulatorError.badRequest("rate limit \(key) must be a string (got \(value.compactText))")
      }
      return text
    }
    guard let value = json["per_minute"], value != .null else {
      throw SimulatorError.badRequest("rate limit per_minute is required: " + Self.perMinuteMessage("nothing"))
    }
    guard case .number(let number) = value, let perMinute = number.intValue else {
      throw SimulatorError.badRequest(Self.perMinuteMessage(value.compactText))
    }
    try self.init(gateway: try text("gateway"), route: try text("route"), perMinute: perMinute)
  }

  static func perMinuteMessage(_ given: String) -> String {
    "rate limit per minute must be a whole number from \(perMinuteRange.lowerBound) to "
      + "\(perMinuteRange.upperBound) (got \(given))"
  }

  /// The limit as `--rate-limit` writes it: `60`, `cashfree=60`, `cashfree:order=60`, `*:create_order=5`.
  public var spec: String {
    if route != "*" { return "\(gateway):\(route)=\(perMinute)" }
    return gateway == "*" ? String(perMinute) : "\(gateway)=\(perMinute)"
  }

  /// `{"id","gateway","route","per_minute"}`.
  public var jsonValue: JSONValue {
    .obj([
      "id": .int(id), "gateway": .string(gateway), "route": .string(route), "per_minute": .int(perMinute),
    ])
  }

  /// Whether the limit covers requests of this gateway and route name.
  func covers(_ gateway: Gateway, _ route: String) -> Bool {
    (self.gateway == "*" || self.gateway == gateway.rawValue) && (self.route == "*" || self.route == route)
  }

  /// Higher is more specific: gateway and route 3, gateway 2, route 1, neither 0.
  var specificity: Int { (gateway == "*" ? 0 : 2) + (route == "*" ? 0 : 1) }

  /// Whether two limits are for the same gateway and route (the later replaces the earlier).
  func sameTarget(as other: SimRateLimit) -> Bool { gateway == other.gateway && route == other.route }
}
