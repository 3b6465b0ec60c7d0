import PayshJSON

/// The clock's admin routes: `GET /_sim/clock`, `POST /_sim/clock/advance`, `/set` and `/rate`.
extension AdminRoutes {
  /// `{"now": "2025-01-15T12:30:00+05:30", "kind": "fixture", "rate": 1}`: the time and the rate read together,
  /// so a client that sleeps in simulated time (seconds ÷ rate of real time) reads a consistent pair.
  func clockView() -> SimResponse {
    let (now, rate) = store.clock.reading
    return .json(
      .obj([
        "now": .string(SimTime.iso(now)), "kind": .string(store.clock.kind.rawValue),
        "rate": AdminRoutes.rateJSON(rate),
      ]))
  }

  /// A rate as a JSON number: a whole one without a fraction (`60`, not `60.0`).
  static func rateJSON(_ rate: Double) -> JSONValue {
    rate == rate.rounded() && abs(rate) < 1e15 ? .int(Int(rate)) : .number(text: String(rate))
  }

  /// Refuses to move the system clock.
  func movableClock() throws -> SimulatorClock {
    guard store.clock.isMovable else {
      throw SimulatorError.badRequest(
        "the simulator runs on the system clock, which it cannot move; start it with the fixture clock "
          + "(paysh sim --clock fixture, the default) or a manual one")
    }
    return store.clock
  }

  /// Where the clock may be moved: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z. Every answer's times and
  /// `Date` header are whole seconds of the clock (an Int: a clock moved by 1e300 seconds would trap there),
  /// and four-digit years are what the gateways' formats hold.
  static let clockRange: ClosedRange<Double> = -62_135_596_800...253_402_300_799

  func advanceClock(_ incoming: Incoming) async throws -> SimResponse {
    let body = try incoming.json()
    guard body.members != nil, let value = body["seconds"], case .number = value, let seconds = value.doubleValue,
      seconds.isFinite
    else {
      throw SimulatorError.badRequest("body must be {\"seconds\": N}, N a number of seconds (negative moves back)")
    }
    let clock = try movableClock()
    let target = clock.now.timeIntervalSince1970 + seconds
    guard AdminRoutes.clockRange.contains(target) else {
      throw SimulatorError.badRequest(
        "seconds \(seconds) would move the clock out of the years 0001 to 9999; the clock was not moved")
    }
    clock.advance(by: seconds)
    await WebhookRoutes(store: store).catchUpWithClock()
    return clockView()
  }

  func setClock(_ incoming: Incoming) async throws -> SimResponse {
    let body = try incoming.json()
    guard body.members != nil, let text = body["now"]?.textValue, case .string = body["now"] else {
      throw SimulatorError.badRequest("body must be {\"now\": \"2025-01-15T12:30:00+05:30\"}")
    }
    guard let date = SimTime.parseISO(text) else {
      throw SimulatorError.badRequest(
        "now must be ISO-8601 with its offset, like 2025-01-15T12:30:00+05:30 or 2025-01-15T07:00:00Z (got \(text))")
    }
    guard AdminRoutes.clockRange.contains(date.timeIntervalSince1970) else {
      throw SimulatorError.badRequest("now must be in the years 0001 to 9999 (got \(text))")
    }
    try movableClock().set(date)
    await WebhookRoutes(store: store).catchUpWithClock()
    return clockView()
  }

  /// `{"rate": R}`: a fixture clock runs on at R simulated seconds per real second, from the time it shows now.
  func setClockRate(_ incoming: Incoming) async throws -> SimResponse {
    let body = try incoming.json()
    let range = SimulatorClock.rateRange
    let bounds = "\(Int(range.lowerBound)) to \(Int(range.upperBound))"
    guard body.members != nil, let value = body["rate"], case .number = value, let rate = value.doubleValue,
      rate.isFinite
    else {
      throw SimulatorError.badRequest(
        "body must be {\"rate\": R}, R simulated seconds per real second, a number from \(bounds)")
    }
    guard range.contains(rate) else {
      throw SimulatorError.badRequest(
        "rate must be from \(bounds) simulated seconds per real second (got \(value.textValue ?? ""))")
    }
    guard store.clock.kind == .fixture else {
      throw SimulatorError.badRequest(
        "the simulator runs on the \(store.clock.kind.rawValue) clock, whose rate cannot change (system: 1, "
          + "manual: 0, it stands still); start it with the fixture clock (paysh sim --clock fixture, the default) "
          + "to run faster than real time")
    }
    store.clock.setRate(rate)
    return clockView()
  }
}
