import Foundation
import PayshJSON
import PayshSimulator
import Testing

/// A fixture clock faster than real time (`rate`, `POST /_sim/clock/rate`), and latency with `jitter_ms`.
///
/// Timing checks are lower bounds only (a slow machine makes real time longer, never shorter), or bounds
/// measured against the real time that passed.
@Suite struct ClockRateTests {
  static func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
  }

  @Test func aClockAtRate100MovesAHundredSecondsASecond() async throws {
    let clock = SimulatorClock.ticking(from: SimulatorClock.fixtureDay, rate: 100)
    #expect(clock.rate == 100 && clock.kind == .fixture)
    let before = clock.now
    try await Task.sleep(for: .milliseconds(1000))
    #expect(clock.now.timeIntervalSince(before) >= 99.9, "\(clock.now.timeIntervalSince(before)) s")
  }

  @Test func ratesAreBroughtIntoRangeAndManualAndSystemClocksSayTheirs() {
    #expect(SimulatorClock.ticking(from: SimulatorClock.fixtureDay, rate: 5000).rate == 1000)
    #expect(SimulatorClock.ticking(from: SimulatorClock.fixtureDay, rate: 0).rate == 1)
    #expect(SimulatorClock.ticking(from: SimulatorClock.fixtureDay, rate: .nan).rate == 1)
    #expect(SimulatorClock.fixture.rate == 1)
    #expect(SimulatorClock.manual().rate == 0)
    #expect(SimulatorClock.system.rate == 1)
    #expect(!SimulatorClock.manual().setRate(10) && !SimulatorClock.system.setRate(10))
  }

  /// Against the real time measured around the change: slowing down never moves the clock back, and
  /// speeding up moves it no more than the new rate allows for the real time that passed.
  @Test func changingTheRateKeepsTheTimeContinuous() async throws {
    let clock = SimulatorClock.ticking(from: SimulatorClock.fixtureDay, rate: 1000)
    try await Task.sleep(for: .milliseconds(200))
    let fast = clock.now
    #expect(clock.setRate(1))
    #expect(clock.now >= fast, "slowing down did not move the clock back")
    #expect(clock.rate == 1)

    try await Task.sleep(for: .milliseconds(200))
    let realBefore = ContinuousClock.now
    let slow = clock.now
    #expect(clock.setRate(1000))
    let after = clock.now
    let real = Self.seconds(ContinuousClock.now - realBefore)
    #expect(after >= slow)
    #expect(after.timeIntervalSince(slow) <= real * 1000 + 0.001, "no jump forward")
    clock.advance(by: 60)
    #expect(clock.now.timeIntervalSince(after) >= 60, "advance still moves it")
  }

  @Test func theAdminAPIShowsAndChangesTheRate() async throws {
    let clock = SimulatorClock.ticking(from: SimulatorClock.fixtureDay, rate: 1000)
    try await SimHarness.with(clock: clock) { sim in
      let shown = try await sim.admin(.GET, "/clock").json()
      #expect(shown["kind"] == "fixture" && shown["rate"] == 1000)
      let before = try #require(ClockTests.iso(shown["now"]?.textValue))
      let changed = try await sim.admin("/clock/rate", .obj(["rate": 60]))
      #expect(changed.status == 200, "\(changed.text)")
      #expect(try changed.json()["rate"] == 60)
      let after = try #require(ClockTests.iso(try changed.json()["now"]?.textValue))
      #expect(after >= before, "no jump back")
      #expect(clock.rate == 60)
      let fractional = try await sim.admin("/clock/rate", .obj(["rate": .number(text: "2.5")]))
      #expect(try fractional.json()["rate"] == .number(text: "2.5"))
      for body: JSONValue in [.obj(["rate": 0]), .obj(["rate": 1001]), .obj(["rate": "60"]), .obj([:]), .array([])] {
        let reply = try await sim.admin("/clock/rate", body)
        #expect(reply.status == 400, "\(body.compactText)")
        #expect(try reply.json()["error"]?.textValue?.contains("1 to 1000") == true, "\(reply.text)")
      }
      #expect(clock.rate == 2.5, "a refused change changed nothing")
    }
  }

  @Test func theRateOfManualAndSystemClocksCannotChange() async throws {
    for manual in [true, false] {
      try await SimHarness.with(manualClock: manual) { sim in
        #expect(try await sim.admin(.GET, "/clock").json()["rate"] == (manual ? 0 : 1))
        let reply = try await sim.admin("/clock/rate", .obj(["rate": 60]))
        #expect(reply.status == 400)
        let error = try reply.json()["error"]?.textValue ?? ""
        #expect(
          error.contains(manual ? "manual clock" : "system clock") && error.contains("--clock fixture"), "\(error)")
        #expect(sim.clock.rate == (manual ? 0 : 1))
      }
    }
  }

  @Test func timedScriptsRunAtTheClocksRate() async throws {
    let clock = SimulatorClock.ticking(from: SimulatorClock.fixtureDay, rate: 1000)
    try await SimHarness.with(clock: clock) { sim in
      let script = JSONValue.array([.obj(["after_seconds": 120, "set_status": "PAID"])])
      #expect(try await sim.admin("/orders/cashfree/cf_sim_active/script", script).status == 200)
      try await Task.sleep(for: .milliseconds(200))  // at least 200 s on the clock
      #expect(try await sim.cashfree("/orders/cf_sim_active").json()["order_status"] == "PAID")
    }
  }

  @Test func jitterAddsARandomWaitToEachAnswer() async throws {
    try await SimHarness.with { sim in
      let fault = JSONValue.obj(["gateway": "cashfree", "route": "order", "kind": "latency", "jitter_ms": 1000])
      let added = try await sim.admin("/faults", fault)
      #expect(added.status == 201)
      #expect(try added.json()["jitter_ms"] == 1000 && added.json()["latency_ms"] == 0)
      _ = try await sim.cashfree("/orders/cf_sim_paid/payments")  // a connection made before the clock starts
      let waits = try await withThrowingTaskGroup(of: Double.self) { group in
        for _ in 0..<20 {
          group.addTask {
            let start = ContinuousClock.now
            // Twenty at once over the client's eight connections: up to three seconds of jitter in a row,
            // and a loaded machine (the whole suite in parallel) adds more; the default ten seconds ran out in CI.
            _ = try await sim.cashfree("/orders/cf_sim_paid", timeout: .seconds(120))
            return Self.seconds(ContinuousClock.now - start)
          }
        }
        return try await group.reduce(into: [Double]()) { $0.append($1) }
      }
      // Twenty draws of 0…1000 ms within 300 ms of each other: about one chance in a billion. Without
      // jitter the twenty answers come back together.
      #expect((waits.max() ?? 0) - (waits.min() ?? 0) >= 0.3, "\(waits)")
    }
  }

  @Test func jitterComesOnTopOfTheLatency() async throws {
    try await SimHarness.with { sim in
      let fault = JSONValue.obj(["kind": "latency", "latency_ms": 150, "jitter_ms": 50])
      #expect(try await sim.admin("/faults", fault).status == 201)
      let start = ContinuousClock.now
      #expect(try await sim.cashfree("/orders/cf_sim_paid").status == 200)
      #expect(ContinuousClock.now - start >= .milliseconds(150))
      let refused = try await sim.admin("/faults", .obj(["kind": "latency", "jitter_ms": 60_001]))
      #expect(refused.status == 400)
      #expect(
        refused.text.contains("fault jitter_ms must be a whole number from 0 to 60000 (got 60001)"), "\(refused.text)")
    }
  }
}
