import Foundation
import PayshJSON
import PayshSimulator
import Testing

/// The simulator's clock: the fixture clock by default, the admin routes that read and move it, and the
/// HTTP `Date` header every answer carries from it.
@Suite struct ClockTests {
  /// 2025-01-15T12:30:00+05:30.
  static let fixtureDay = Date(timeIntervalSince1970: 1_736_924_400)

  /// An IMF-fixdate header value read back (`Wed, 15 Jan 2025 07:00:00 GMT`).
  static func httpDate(_ text: String?) -> Date? {
    guard let text else { return nil }
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "GMT")
    formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
    return formatter.date(from: text)
  }

  /// An ISO-8601 time with its offset read back.
  static func iso(_ text: String?) -> Date? {
    guard let text else { return nil }
    return ISO8601DateFormatter().date(from: text)
  }

  /// The clock's answer: its time and kind.
  static func clock(_ sim: SimHarness) async throws -> (now: Date?, kind: String?) {
    let reply = try await sim.admin(.GET, "/clock")
    #expect(reply.status == 200)
    let json = try reply.json()
    return (iso(json["now"]?.textValue), json["kind"]?.textValue)
  }

  @Test func theDefaultClockIsTheFixtureClock() {
    #expect(SimulatorConfiguration().clock.kind == .fixture)
    #expect(SimulatorClock.fixtureDay == Self.fixtureDay)
    let clock = SimulatorClock.fixture
    #expect(clock.now >= Self.fixtureDay && clock.now < Self.fixtureDay.addingTimeInterval(3600))
    #expect(clock.isMovable && !clock.isManual)
    #expect(!SimulatorClock.system.isMovable)
  }

  @Test func everyAnswerCarriesTheClocksDate() async throws {
    try await SimHarness.with { sim in
      let expected = "Wed, 01 Jan 2025 03:00:00 GMT"
      let key = Simulator.credentials.paytring.key
      let fetch = JSONValue.obj(["key": .string(key), "id": "771606428862383005", "hash": "none"])
      let replies: [(String, Reply)] = [
        ("cashfree order", try await sim.cashfree("/orders/cf_sim_paid")),
        ("cashfree 401", try await sim.send(.GET, "/pg/orders/cf_sim_paid")),
        ("cashfree 404", try await sim.cashfree("/orders/nope")),
        (
          "paytring fetch",
          try await sim.paytring("/api/v2/order/fetch", fetch, basic: (key, Simulator.credentials.paytring.secret))
        ),
        ("enkash token", try await sim.enkashToken()),
        ("admin", try await sim.admin(.GET, "/health")),
        ("admin error", try await sim.admin("/clock/advance", .obj([:]))),
        ("unrouted", try await sim.send(.GET, "/pg/nowhere")),
      ]
      for (what, reply) in replies {
        #expect(reply.headers["Date"] == [expected], "\(what): \(reply.headers)")
      }
      sim.clock.advance(by: 90)
      let later = try await sim.cashfree("/orders/cf_sim_paid")
      #expect(later.header("Date") == "Wed, 01 Jan 2025 03:01:30 GMT")
    }
  }

  @Test func faultAnswersCarryTheClocksDateToo() async throws {
    try await SimHarness.with { sim in
      let faults: [JSONValue] = [
        .obj(["gateway": "cashfree", "kind": "status", "status": 503, "times": 1]),
        .obj(["gateway": "cashfree", "kind": "rate_limit", "times": 1]),
        .obj(["gateway": "cashfree", "kind": "body", "body": "null", "times": 1]),
        .obj(["gateway": "cashfree", "kind": "trickle", "chunk_bytes": 512, "interval_ms": 0, "times": 1]),
        .obj(["gateway": "cashfree", "kind": "huge_body", "size_bytes": 4096, "times": 1]),
      ]
      for fault in faults {
        #expect(try await sim.admin("/faults", fault).status == 201)
        let reply = try await sim.cashfree("/orders/cf_sim_paid")
        #expect(reply.header("Date") == "Wed, 01 Jan 2025 03:00:00 GMT", "\(fault.compactText)")
      }
    }
  }

  @Test func theFixtureClockTicksFromTheFixtureDay() async throws {
    try await SimHarness.with(clock: .fixture) { sim in
      let (now, kind) = try await Self.clock(sim)
      #expect(kind == "fixture")
      let shown = try #require(now)
      #expect(shown >= Self.fixtureDay && shown < Self.fixtureDay.addingTimeInterval(3600))
      let reply = try await sim.cashfree("/orders/cf_sim_paid")
      let header = try #require(Self.httpDate(reply.header("Date")), "\(reply.headers)")
      #expect(header >= Self.fixtureDay && header <= sim.clock.now)
      #expect(try await sim.admin(.GET, "/clock").json()["now"]?.textValue?.hasSuffix("+05:30") == true)
    }
  }

  @Test func advanceAndSetMoveTheFixtureClock() async throws {
    try await SimHarness.with(clock: .fixture) { sim in
      let advanced = try await sim.admin("/clock/advance", .obj(["seconds": 900]))
      #expect(advanced.status == 200)
      #expect(try advanced.json()["kind"] == "fixture")
      let afterAdvance = try #require(Self.iso(try advanced.json()["now"]?.textValue))
      #expect(afterAdvance >= Self.fixtureDay.addingTimeInterval(900))
      #expect(afterAdvance < Self.fixtureDay.addingTimeInterval(900 + 3600))
      let header = try #require(Self.httpDate(try await sim.cashfree("/orders/cf_sim_paid").header("Date")))
      #expect(header >= Self.fixtureDay.addingTimeInterval(900))

      let target = try #require(Self.iso("2025-01-20T09:00:00+05:30"))
      let set = try await sim.admin("/clock/set", .obj(["now": "2025-01-20T09:00:00+05:30"]))
      #expect(set.status == 200, "\(set.text)")
      let (now, _) = try await Self.clock(sim)
      let shown = try #require(now)
      #expect(shown >= target && shown < target.addingTimeInterval(3600))
      #expect(sim.clock.now >= target)
      let dated = try #require(Self.httpDate(try await sim.admin(.GET, "/health").header("Date")))
      #expect(dated >= target && dated <= sim.clock.now)

      #expect(try await sim.admin("/clock/set", .obj(["now": "2025-01-15T07:00:00Z"])).status == 200)
      #expect(sim.clock.now >= Self.fixtureDay && sim.clock.now < target)
    }
  }

  @Test func theManualClockIsSetExactly() async throws {
    try await SimHarness.with { sim in
      let set = try await sim.admin("/clock/set", .obj(["now": "2025-01-15T12:30:00+05:30"]))
      #expect(try set.json() == .obj(["now": "2025-01-15T12:30:00+05:30", "kind": "manual", "rate": 0]))
      #expect(sim.clock.now == Self.fixtureDay)
      #expect(try await sim.cashfree("/orders/cf_sim_paid").header("Date") == "Wed, 15 Jan 2025 07:00:00 GMT")
      let advanced = try await sim.admin("/clock/advance", .obj(["seconds": .number(text: "60.5")]))
      #expect(try advanced.json()["now"] == "2025-01-15T12:31:00+05:30")
      #expect(try await sim.admin(.GET, "/clock").json()["kind"] == "manual")
    }
  }

  @Test func theSystemClockIsNotMoved() async throws {
    try await SimHarness.with(manualClock: false) { sim in
      #expect(try await Self.clock(sim).kind == "system")
      for (path, body) in [
        ("/clock/advance", JSONValue.obj(["seconds": 60])), ("/clock/set", .obj(["now": "2025-01-15T07:00:00Z"])),
      ] {
        let reply = try await sim.admin(path, body)
        #expect(reply.status == 400)
        #expect(try reply.json()["error"]?.textValue?.contains("system clock") == true, "\(reply.text)")
      }
      #expect(abs(sim.clock.now.timeIntervalSinceNow) < 600, "the system clock stayed where it was")
    }
  }

  @Test func badClockBodiesAre400WithTheShapeToSend() async throws {
    try await SimHarness.with(clock: .fixture) { sim in
      let advances: [JSONValue] = [.obj([:]), .obj(["seconds": "60"]), .array([]), .obj(["seconds": .null])]
      for body in advances {
        let reply = try await sim.admin("/clock/advance", body)
        #expect(reply.status == 400, "\(body.compactText)")
        #expect(try reply.json()["error"]?.textValue?.contains("{\"seconds\": N}") == true, "\(reply.text)")
      }
      let notJSON = try await sim.send(.POST, "/_sim/clock/advance", body: Array("sixty".utf8))
      #expect(notJSON.status == 400)
      let sets: [JSONValue] = [
        .obj(["now": "yesterday"]), .obj(["now": "2025-01-15T12:30:00"]), .obj(["now": "2025-13-01T00:00:00Z"]),
        .obj(["now": 1_736_924_400]), .obj([:]),
      ]
      for body in sets {
        let reply = try await sim.admin("/clock/set", body)
        #expect(reply.status == 400, "\(body.compactText)")
        #expect(try reply.json()["error"]?.textValue?.contains("2025-01-15T12:30:00+05:30") == true, "\(reply.text)")
      }
      let (now, _) = try await Self.clock(sim)
      #expect(try #require(now) < Self.fixtureDay.addingTimeInterval(3600), "nothing moved it")
    }
  }

  /// A clock moved past what an Int of seconds holds would trap the simulator on its next answer (every
  /// `Date` header is whole seconds of the clock): such a move is refused, and the simulator keeps answering.
  @Test func theClockIsNotMovedOutOfFourDigitYears() async throws {
    try await SimHarness.with(clock: .fixture) { sim in
      for seconds in ["1e300", "-1e300", "1e19", "-9.3e18", "300000000000"] {
        let reply = try await sim.admin("/clock/advance", .obj(["seconds": .number(text: seconds)]))
        #expect(reply.status == 400, "\(seconds): \(reply.text)")
        #expect(try reply.json()["error"]?.textValue?.contains("0001 to 9999") == true, "\(reply.text)")
      }
      for now in ["0000-06-01T00:00:00Z", "9999-12-31T23:59:59-05:00"] {
        let reply = try await sim.admin("/clock/set", .obj(["now": .string(now)]))
        #expect(reply.status == 400, "\(now): \(reply.text)")
      }
      let answer = try await sim.cashfree("/orders/cf_sim_paid")
      #expect(answer.status == 200)
      let header = try #require(Self.httpDate(answer.header("Date")))
      #expect(header < Self.fixtureDay.addingTimeInterval(3600), "nothing moved it")

      #expect(try await sim.admin("/clock/set", .obj(["now": "9999-12-31T23:00:00Z"])).status == 200)
      #expect(try await sim.cashfree("/orders/cf_sim_paid").header("Date")?.contains(" Dec 9999 23:") == true)
      #expect(try await sim.admin("/clock/set", .obj(["now": "0001-01-01T00:00:00Z"])).status == 200)
      let early = try await sim.cashfree("/orders/cf_sim_paid")
      #expect(early.status == 200)
      #expect(early.header("Date")?.contains(" Jan 0001 00:") == true, "four digits: \(early.headers)")
    }
  }

  @Test func movingTheFixtureClockFiresTimedScriptsAndDatesWhatIsCreated() async throws {
    try await SimHarness.with(clock: .fixture) { sim in
      let script = JSONValue.array([.obj(["after_seconds": 600, "set_status": "PAID"])])
      #expect(try await sim.admin("/orders/cashfree/cf_sim_active/script", script).status == 200)
      #expect(try await sim.cashfree("/orders/cf_sim_active").json()["order_status"] == "ACTIVE")
      #expect(try await sim.admin("/clock/advance", .obj(["seconds": 600])).status == 200)
      #expect(try await sim.cashfree("/orders/cf_sim_active").json()["order_status"] == "PAID")

      let created = try await sim.cashfreeCreate(CashfreeTests.createBody(id: "order_clock_1"))
      let at = try #require(Self.iso(try created.json()["created_at"]?.textValue))
      #expect(at >= Self.fixtureDay.addingTimeInterval(600) && at <= sim.clock.now)
    }
  }
}
