import Synchronization
import Testing

@testable import PayshCore

/// A clock that moves only when slept on: sleeping until an instant sets it there.
final class SteppedClock: LimiterClock {
  let time = Mutex(0.0)
  let rate = 1.0
  func now() -> Double { time.withLock { $0 } }
  func sleep(until instant: Double) async throws -> Int {
    time.withLock { $0 = max($0, instant) }
    return 0
  }
  func move(to instant: Double) { time.withLock { $0 = instant } }
}

@Suite("The rate limiter")
struct RateLimiterTests {
  @Test func aSlidingWindowIsFilledAndNeverOverfilled() async throws {
    let clock = SteppedClock()
    let limiter = RateLimiter(perMinute: 60, clock: clock)
    var sent: [Double] = []
    for _ in 0..<200 {
      try await limiter.admit()
      sent.append(clock.now())
    }
    for (index, time) in sent.enumerated() where index >= 60 {
      #expect(time - sent[index - 60] > RateLimiter.window, "request \(index) overfills the window")
    }
    #expect(sent[59] == 0 && sent[60] > 60 && sent[60] < 61)
    // The ideal is 180 s (three full windows, then 20); the margin costs three times 0.6 s.
    #expect(sent[199] < 180 * 1.05)
  }

  @Test func noLimitKnownMeansNoWait() async throws {
    let clock = SteppedClock()
    let limiter = RateLimiter(perMinute: nil, clock: clock)
    for _ in 0..<1000 { try await limiter.admit() }
    #expect(clock.now() == 0)
  }

  @Test func a429HalvesTheLimitAndHoldsForTheAskedWait() async throws {
    let clock = SteppedClock()
    let limiter = RateLimiter(perMinute: 60, clock: clock)
    try await limiter.admit()
    limiter.observe(status: 429, headers: [HTTPHeader("x-ratelimit-retry", "12")])
    #expect(limiter.limit == 30)
    #expect(limiter.slowdowns == 1)
    try await limiter.admit()
    #expect(clock.now() == 12)
    // Each answer within the limit then raises it by one, up to the ceiling.
    for _ in 0..<40 { limiter.observe(status: 200, headers: []) }
    #expect(limiter.limit == 60)
  }

  @Test func a429WithNoLimitKnownHalvesThePaceThatTrippedIt() async throws {
    let clock = SteppedClock()
    let limiter = RateLimiter(perMinute: nil, clock: clock)
    for _ in 0..<40 { try await limiter.admit() }
    limiter.observe(status: 429, headers: [])
    #expect(limiter.limit == 20)
    #expect(clock.now() == 0)
    try await limiter.admit()
    #expect(clock.now() >= RateLimiter.window && clock.now() < RateLimiter.window + 1, "no wait named: a minute")
    limiter.observe(status: 200, headers: [])
    #expect(limiter.limit == 21, "raised again with no ceiling")
  }

  @Test func aLongWaitIsToldOnce() async throws {
    let clock = SteppedClock()
    let limiter = RateLimiter(perMinute: 1, clock: clock)
    var told: [Int] = []
    try await limiter.admit(onWait: { told.append($0) })
    try await limiter.admit(onWait: { told.append($0) })
    #expect(told == [60_600])
  }

  /// A stepped clock whose sleepers are held until `open`: requests reserve their slots together, as the
  /// jobs of a bulk run do, before any time passes.
  final class GatedClock: LimiterClock {
    let stepped = SteppedClock()
    let rate = 1.0
    let gate = Mutex<(open: Bool, held: [CheckedContinuation<Void, Never>])>((false, []))
    func now() -> Double { stepped.now() }
    var held: Int { gate.withLock { $0.held.count } }
    func sleep(until instant: Double) async throws -> Int {
      guard instant > now() else { return 0 }
      await withCheckedContinuation { waiter in
        let go = gate.withLock { gate in
          if !gate.open { gate.held.append(waiter) }
          return gate.open
        }
        if go { waiter.resume() }
      }
      return try await stepped.sleep(until: instant)
    }
    func open() {
      let held = gate.withLock { gate in
        gate.open = true
        defer { gate.held = [] }
        return gate.held
      }
      for waiter in held { waiter.resume() }
    }
  }

  @Test func requestsWaitingTogetherAreToldOnceAndTheNextWaitAgain() async throws {
    let clock = GatedClock()
    let limiter = RateLimiter(perMinute: 2, clock: clock)
    final class Told: Sendable {
      let waits = Mutex<[Int]>([])
      func add(_ milliseconds: Int) { waits.withLock { $0.append(milliseconds) } }
      var all: [Int] { waits.withLock { $0 } }
    }
    let told = Told()
    for _ in 0..<2 { try await limiter.admit(onWait: told.add) }
    try await withThrowingTaskGroup(of: Void.self) { group in
      for _ in 0..<3 {
        group.addTask { try await limiter.admit(onWait: told.add) }
      }
      for _ in 0..<2_000 where clock.held < 3 { try await Task.sleep(nanoseconds: 1_000_000) }
      #expect(clock.held == 3, "the three wait together")
      clock.open()
      try await group.waitForAll()
    }
    #expect(told.all == [60_600], "one line for the window the three wait for")
    clock.stepped.move(to: 200)
    for _ in 0..<3 { try await limiter.admit(onWait: told.add) }
    #expect(told.all == [60_600, 60_600], "the next window's wait is said again")
  }

  /// A clock on which every wait is stopped by Ctrl-C.
  final class InterruptedClock: LimiterClock {
    let rate = 1.0
    func now() -> Double { 0 }
    func sleep(until instant: Double) async throws -> Int {
      guard instant <= now() else { throw CancellationError() }
      return 0
    }
  }

  @Test func aWaitStoppedByCtrlCGivesBackItsSlotAndTheNextWaitIsSaid() async throws {
    let limiter = RateLimiter(perMinute: 1, clock: InterruptedClock())
    var told: [Int] = []
    try await limiter.admit()
    for _ in 0..<2 {
      await #expect(throws: CancellationError.self) { try await limiter.admit(onWait: { told.append($0) }) }
    }
    #expect(told == [60_600, 60_600], "each wait said, for the same window (the first gave its slot back)")
  }

  @Test func aHoldAskedForBeyondTheWaitSaidIsSaidAgain() {
    let limiter = RateLimiter(perMinute: 1, clock: SteppedClock())
    #expect(limiter.reserve(now: 0).tell == nil, "no wait")
    #expect(limiter.reserve(now: 0, mayTell: true).tell != nil, "a wait to 60.6 s")
    #expect(limiter.reserve(now: 0, mayTell: true).tell == nil, "waiting with the one said")
    limiter.observe(status: 429, headers: [HTTPHeader("x-ratelimit-retry", "30")])
    #expect(limiter.reserve(now: 0, mayTell: true).tell == nil, "a hold within the wait said")
    limiter.observe(status: 429, headers: [HTTPHeader("x-ratelimit-retry", "100")])
    #expect(limiter.reserve(now: 0, mayTell: true).tell != nil, "a hold to 100 s, beyond the wait said")
  }

  @Test func aRetryHeaderAboveZeroSlowsDownAsA429Does() {
    let limiter = RateLimiter(perMinute: 10, clock: SteppedClock())
    limiter.observe(status: 200, headers: [HTTPHeader("x-ratelimit-retry", "0")])
    #expect(limiter.limit == 10)
    limiter.observe(status: 200, headers: [HTTPHeader("Retry-After", "3")])
    #expect(limiter.limit == 5)
  }

  @Test func theGatewaysAnnouncedLimitIsTheCeiling() async throws {
    let limiter = RateLimiter(perMinute: nil, clock: SteppedClock())
    limiter.observe(status: 200, headers: [HTTPHeader("x-ratelimit-limit", "50")])
    #expect(limiter.limit == 50)
    limiter.observe(status: 200, headers: [HTTPHeader("x-ratelimit-limit", "20")])
    #expect(limiter.limit == 20)
    limiter.observe(status: 200, headers: [HTTPHeader("x-ratelimit-limit", "0")])
    #expect(limiter.limit == 20, "a limit of 0 is no limit to follow")
  }

  @Test func requestsOfOthersInTheWindowAreCounted() async throws {
    let clock = SteppedClock()
    let limiter = RateLimiter(perMinute: 10, clock: clock)
    try await limiter.admit()
    // The gateway has counted 8 requests (limit 10, 2 left) where this side sent one.
    limiter.observe(
      status: 200, headers: [HTTPHeader("x-ratelimit-limit", "10"), HTTPHeader("x-ratelimit-remaining", "2")])
    try await limiter.admit()
    try await limiter.admit()
    #expect(clock.now() == 0)
    try await limiter.admit()
    #expect(clock.now() > RateLimiter.window, "the window is full with the others' requests")
  }

  @Test func aCancelledWaitThrows() async {
    let limiter = RateLimiter(perMinute: 1, clock: GatewayTime())
    let task = Task {
      try await limiter.admit()
      try await limiter.admit()
    }
    task.cancel()
    await #expect(throws: CancellationError.self) { try await task.value }
  }

  @Test func nonsenseHeadersNeitherCrashNorHoldForADay() async throws {
    let clock = SteppedClock()
    let limiter = RateLimiter(perMinute: 10, clock: clock)
    // Overflowing counts, a limit of Int.max, a negative remaining of -1e8: read within sense.
    limiter.observe(
      status: 200,
      headers: [
        HTTPHeader("x-ratelimit-limit", "9223372036854775807"),
        HTTPHeader("x-ratelimit-remaining", "-9223372036854775800"),
      ])
    limiter.observe(status: 200, headers: [HTTPHeader("x-ratelimit-remaining", "-100000000")])
    #expect(limiter.limit == 10, "a limit past a million is not believed")
    limiter.observe(status: 429, headers: [HTTPHeader("Retry-After", "86000")])
    try await limiter.admit()
    #expect(clock.now() <= RateLimiter.longestHold + RateLimiter.window + 2, "held at most two minutes: \(clock.now())")
  }

  @Test func aBurstOf429sHalvesThePaceOnce() {
    let limiter = RateLimiter(perMinute: 64, clock: SteppedClock())
    for _ in 0..<20 { limiter.observe(status: 429, headers: [HTTPHeader("x-ratelimit-retry", "2")]) }
    #expect(limiter.limit == 32)
    #expect(limiter.slowdowns == 1)
  }

  /// `count` requests, `step` seconds apart from 0.
  static func admit(_ count: Int, every step: Double, _ limiter: RateLimiter, _ clock: SteppedClock) async throws {
    for index in 0..<count {
      clock.move(to: Double(index) * step)
      try await limiter.admit()
    }
  }

  @Test func aRunOf5xxToFirstAttemptsHalvesThePaceAndHoldsNothing() async throws {
    let clock = SteppedClock()
    let limiter = RateLimiter(perMinute: 400, clock: clock)
    try await Self.admit(150, every: 0.05, limiter, clock)  // 1,200 a minute asked: the limit, 400, holds
    // Two in a row, then an answer: one order's bad luck, not the gateway's trouble.
    limiter.observe(status: 503, headers: [])
    limiter.observe(status: 500, headers: [])
    limiter.observe(status: 200, headers: [])
    // Retries' 5xx (one order failing again and again) are not counted; a refusal neither counts nor
    // starts the count again.
    for _ in 0..<5 { limiter.observe(status: 503, headers: [], retried: true) }
    limiter.observe(status: 502, headers: [])
    limiter.observe(status: 401, headers: [])
    limiter.observe(status: 504, headers: [])
    #expect(limiter.limit == 400)
    limiter.observe(status: 503, headers: [])
    #expect(limiter.limit == 200)
    #expect(limiter.slowdowns == 1 && limiter.storms == 1)
    let before = clock.now()
    try await limiter.admit()
    #expect(clock.now() == before, "nothing is held: the retries back off on their own")
    // More of the same storm within a quarter of the window do not halve it again, nor count towards the
    // next: after it, three more do.
    for _ in 0..<6 { limiter.observe(status: 503, headers: []) }
    #expect(limiter.limit == 200)
    clock.move(to: before + RateLimiter.window / 4)
    limiter.observe(status: 503, headers: [])
    #expect(limiter.limit == 200)
    for _ in 0..<2 { limiter.observe(status: 503, headers: []) }
    #expect(limiter.limit == 100 && limiter.storms == 2)
  }

  @Test func a5xxStormHalvesThePaceRequestsWentAtNotALimitAboveIt() async throws {
    let clock = SteppedClock()
    let limiter = RateLimiter(perMinute: 400, clock: clock)
    try await Self.admit(200, every: 0.3, limiter, clock)  // ~200 a minute: slow answers, not the limit
    for _ in 0..<3 { limiter.observe(status: 503, headers: []) }
    let limit = try #require(limiter.limit)
    #expect(limit > 90 && limit < 110, "half of ~200 a minute: \(limit)")
  }

  @Test func a5xxStormDoesNotHalveASlowPaceBelowAMinimum() async throws {
    let clock = SteppedClock()
    let limiter = RateLimiter(perMinute: nil, clock: clock)
    // Two requests 58 s apart (answers that take half a minute): 2 a minute is not the gateway's pace.
    try await Self.admit(2, every: 58, limiter, clock)
    for _ in 0..<3 { limiter.observe(status: 504, headers: []) }
    #expect(limiter.limit == RateLimiter.stormFloor)
  }

  @Test func a5xxStormWithNoLimitKnownHalvesTheRateThatMetIt() async throws {
    let clock = SteppedClock()
    let limiter = RateLimiter(perMinute: nil, clock: clock)
    // 100 requests in 2 s: 3,000 a minute, though the window holds only 100 of them.
    for step in 0..<100 {
      clock.move(to: Double(step) * 0.02)
      try await limiter.admit()
    }
    for _ in 0..<3 { limiter.observe(status: 502, headers: []) }
    let limit = try #require(limiter.limit)
    #expect(limit > 1_400 && limit < 1_600, "half of ~3,000 a minute: \(limit)")
  }

  /// A stepped clock that tells a test of each sleep, before it moves.
  final class HookedClock: LimiterClock {
    let stepped = SteppedClock()
    let onSleep: @Sendable (Double) -> Void
    let rate = 1.0
    init(onSleep: @escaping @Sendable (Double) -> Void) { self.onSleep = onSleep }
    func now() -> Double { stepped.now() }
    func sleep(until instant: Double) async throws -> Int {
      onSleep(instant)
      return try await stepped.sleep(until: instant)
    }
  }

  @Test(arguments: [1, 4])
  func requestsWaitingForTheWindowGoSoonerWhenTheLimitRises(waiting: Int) async throws {
    let limiter = Mutex<RateLimiter?>(nil)
    let clock = HookedClock { instant in
      // While requests wait (each sleep into the future), an answer raises the ceiling to 20 and the limit,
      // one step, by one.
      guard instant > 0 else { return }
      limiter.withLock { $0 }?.observe(status: 200, headers: [HTTPHeader("x-ratelimit-limit", "20")])
    }
    let made = RateLimiter(perMinute: 10, clock: clock)
    limiter.withLock { $0 = made }
    for _ in 0..<10 { try await made.admit() }
    #expect(clock.now() == 0)
    try await withThrowingTaskGroup(of: Void.self) { group in
      for _ in 0..<waiting { group.addTask { try await made.admit() } }
      try await group.waitForAll()
    }
    #expect(made.limit.map { $0 >= 10 + waiting } == true)
    #expect(clock.now() < 5, "gone within a few looks, not after the window: \(clock.now())")
  }

  @Test func theDocumentedLimitsAreCashfreesOwn() {
    #expect(DocumentedLimits.perMinute(gateway: "cashfree", environment: "production", endpoint: "order") == 400)
    #expect(DocumentedLimits.perMinute(gateway: "cashfree", environment: "production", endpoint: "refunds") == 30)
    #expect(DocumentedLimits.perMinute(gateway: "cashfree", environment: "sandbox", endpoint: "order") == 60)
    #expect(DocumentedLimits.perMinute(gateway: "cashfree", environment: "local", endpoint: "order") == nil)
    #expect(DocumentedLimits.perMinute(gateway: "paytring", environment: "production", endpoint: "order") == nil)
  }
}
