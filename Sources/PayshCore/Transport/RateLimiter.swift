import Synchronization

/// The pace of requests to one gateway, environment and endpoint: a sliding window of a minute (as Cashfree
/// counts, "x-ratelimit-remaining uses sliding window") kept on this side, so requests go as fast as the limit
/// allows and no faster.
///
/// Each request reserves a slot before it is sent (`reserve`): the first moment the window has room, given
/// every slot reserved before it, so requests go out in the order they asked; a request waiting for its
/// slot takes a sooner one when the limit has risen meanwhile (`sooner`). The limit starts from the
/// documented figure (`DocumentedLimits`) and follows the gateway: its `x-ratelimit-limit` sets the ceiling; a
/// 429, or `x-ratelimit-retry` above zero, halves the limit at once and holds every request until the wait
/// the gateway asked for (`x-ratelimit-retry`, `Retry-After`; a minute when it named none) has passed; each
/// answer within the limit then raises it by one again, up to the ceiling. A run of 5xx answers (`storm`
/// in a row: the gateway in trouble, not one order's bad luck) halves it too, holding nothing (each request's
/// retries back off already). An `x-ratelimit-remaining` below what this side counts means someone else
/// spends the same quota: their requests are counted too.
public final class RateLimiter: Sendable {
  /// The length of the window, in the gateway's seconds.
  public static let window = 60.0
  /// Kept beyond the window's end before a slot is reused, in the gateway's seconds, at least: the request
  /// takes time to arrive, and the gateway's clock is not ours. More when requests take longer (`State.transit`).
  public static let margin = 0.6
  /// The highest limit a gateway's header is believed for, requests a minute.
  static let mostPerMinute = 1_000_000
  /// The longest a gateway's asked wait holds every request, in its seconds (Cashfree asks at most 59).
  static let longestHold = 120.0
  /// Requests the gateway may count that this side does not yet, before they are taken for someone else's.
  static let slack = 2
  /// The 5xx answers in a row (500, 502, 503, 504; across every request to the endpoint, a 2xx or a 404
  /// between them starting the count again) that halve the pace.
  static let storm = 3

  struct State {
    /// The requests a minute allowed now (at most `ceiling`); nil while no limit is known.
    var limit: Int?
    var ceiling: Int?
    /// The slots reserved, the window's and those still ahead: kept while no limit is known too, so a limit
    /// learnt from the first answers counts the requests already out.
    var slots = SlotLog()
    var blockedUntil = 0.0
    /// Moves each time the pace drops: a reservation made before it is made again.
    var generation = 0
    var slowdowns = 0
    /// How many of the slowdowns a run of 5xx made.
    var storms = 0
    /// The 5xx answers since the last 2xx or 404.
    var troubled = 0
    /// When the pace was last halved.
    var slowedAt = -Double.infinity
    /// The longest of the recent round trips, in gateway seconds: a request may take up to that to reach
    /// the gateway, so a slot is reused only that much after the window's end.
    var transit = 0.0
    var margin: Double { max(RateLimiter.margin, transit) }

    /// Halves the pace, once for one event (the answers of the requests already out when the first came, a
    /// burst, do not halve it again): true when it did. The reservations ahead are made again under it.
    /// The first moment from `now` the window has room for one more request, given every slot reserved.
    mutating func earliest(now: Double) -> Double {
      slots.prune(upTo: now - RateLimiter.window - margin)
      var at = max(now, blockedUntil)
      if let limit, slots.count >= limit {
        at = max(at, slots[slots.count - limit] + RateLimiter.window + margin)
      }
      return at
    }

    func mayHalve(now: Double) -> Bool { now >= slowedAt + RateLimiter.window / 4 }

    /// With no limit known, the pace that tripped it is the estimate (then raised again one by one, with no
    /// ceiling, until the next slowdown): for a 429 (a quota counted over the window) the requests in the
    /// window; for a run of 5xx (a gateway overloaded, whatever its quota) their rate, scaled to a minute
    /// when they span less of one (`ratePace`).
    mutating func slowDown(now: Double, ratePace: Bool = false) -> Bool {
      generation += 1
      slots.removeAll(after: now)
      guard mayHalve(now: now) else { return false }
      slowdowns += 1
      slowedAt = now
      let from = now - RateLimiter.window
      let count = slots.count(from: from, to: now)
      var pace = Double(count)
      if ratePace, let first = slots.first(after: from) {
        pace *= RateLimiter.window / min(RateLimiter.window, max(1, now - first))
      }
      let current = limit ?? max(1, Int(min(pace, Double(RateLimiter.mostPerMinute))))
      limit = max(1, current / 2)
      return true
    }
  }

  let state: Mutex<State>
  let clock: any LimiterClock

  public init(perMinute: Int?, clock: any LimiterClock) {
    state = Mutex(State(limit: perMinute, ceiling: perMinute))
    self.clock = clock
  }

  /// The requests a minute allowed now; nil for no limit known.
  public var limit: Int? { state.withLock { $0.limit } }
  /// How many times a 429, a retry header or a run of 5xx slowed it down.
  public var slowdowns: Int { state.withLock { $0.slowdowns } }
  /// How many of those a run of 5xx made.
  public var storms: Int { state.withLock { $0.storms } }

  /// A reserved slot: when the request may go, and the pace it was reserved under.
  public struct Slot: Sendable {
    public var at: Double
    var generation: Int
    var limit: Int?
  }

  /// Reserves the next slot from `now` (gateway seconds).
  func reserve(now: Double) -> Slot {
    state.withLock { state in
      let at = state.earliest(now: now)
      state.slots.insert(at)
      return Slot(at: at, generation: state.generation, limit: state.limit)
    }
  }

  /// A sooner slot for one reserved under a lower limit than today's (each answer within the limit raises
  /// it): a request waiting for the window to have room goes as soon as the higher limit makes room. Nil
  /// when the limit has not risen, or rising made nothing sooner.
  func sooner(_ slot: Slot, now: Double) -> Slot? {
    state.withLock { state in
      guard state.generation == slot.generation, let was = slot.limit, let limit = state.limit, limit > was,
        state.slots.remove(slot.at)
      else { return nil }
      let at = state.earliest(now: now)
      guard at < slot.at else {
        state.slots.insert(slot.at)
        return nil
      }
      state.slots.insert(at)
      return Slot(at: at, generation: state.generation, limit: limit)
    }
  }

  /// Moves a slot to when its request really goes (a task wakes late on a busy machine: the window is
  /// counted from the departure the gateway sees, not the one planned); false when the pace dropped since
  /// it was reserved and the slot must be reserved again.
  func confirm(_ slot: Slot, sentAt now: Double) -> Bool {
    state.withLock { state in
      guard state.generation == slot.generation else { return false }
      if now > slot.at { state.slots.move(slot.at, to: now) }
      return true
    }
  }

  /// Waits for a slot: returns when the request may be sent. Throws `CancellationError` on Ctrl-C.
  /// Returns the time waited, in real microseconds. `onWait` is told (once, before) of a wait longer than a
  /// second of real time, in milliseconds: the shell says what it is waiting for.
  @discardableResult
  public func admit(onWait: (Int) -> Void = { _ in }) async throws -> Int {
    var waited = 0
    var told = false
    while true {
      let now = clock.now()
      var slot = reserve(now: now)
      let seconds = (slot.at - now) / clock.rate
      if !told, seconds.isFinite, seconds > 1 {
        told = true
        onWait(Int(min(seconds, 86_400) * 1000))
      }
      waited += try await wait(for: &slot)
      if confirm(slot, sentAt: clock.now()) { return waited }
    }
  }

  /// How often a request waiting for its slot looks for a sooner one, in real seconds.
  static let recheck = 0.5

  /// Sleeps until `slot`, waking every `recheck` to take a sooner one (`sooner`) or to stop waiting for one
  /// the pace dropped under; the real microseconds slept.
  private func wait(for slot: inout Slot) async throws -> Int {
    var slept = 0
    while true {
      let wake = min(slot.at, clock.now() + RateLimiter.recheck * clock.rate)
      slept += try await clock.sleep(until: wake)
      if wake >= slot.at || state.withLock({ $0.generation }) != slot.generation { return slept }
      if let sooner = sooner(slot, now: clock.now()) { slot = sooner }
    }
  }

  /// Reads an answer's status and headers: follows the limit it announces, slows down on a 429.
  /// `latencyMicroseconds`: how long its request took, which sets how long a request may take to arrive.
  public func observe(status: Int, headers: [HTTPHeader], latencyMicroseconds: Int = 0) {
    let now = clock.now()
    let trip = Double(latencyMicroseconds) / 1_000_000 * clock.rate
    // A gateway's figures are read within sense: a limit of 1 to a million a minute, a count of 0 up to it,
    // a wait of at most `longestHold` (anything else would overflow, or hold every request for a day).
    let announced = headers.first("x-ratelimit-limit").flatMap { Int($0.trimmingSpaces()) }.flatMap {
      (1...RateLimiter.mostPerMinute).contains($0) ? $0 : nil
    }
    let remaining = headers.first("x-ratelimit-remaining").flatMap { Int($0.trimmingSpaces()) }.map {
      min(max($0, 0), RateLimiter.mostPerMinute)
    }
    let retry = RetryPolicy.askedWait(headers).map { min(Double($0) / 1000, RateLimiter.longestHold) }
    state.withLock { state in
      // The longest recent trip, forgotten slowly (a tenth at each answer) as the machine calms down.
      state.transit = max(trip, state.transit * 0.9)
      if let announced {
        state.ceiling = announced
        if state.limit == nil || state.limit! > announced { state.limit = announced }
      }
      if status == 429 || (retry ?? 0) > 0 {
        let wait = (retry ?? 0) > 0 ? retry! : RateLimiter.window
        state.blockedUntil = max(state.blockedUntil, now + wait)
        _ = state.slowDown(now: now)
        return
      }
      if RetryPolicy.isRetryable(status: status) {  // a 5xx that means "not now"
        state.troubled += 1
        if state.troubled >= RateLimiter.storm, state.mayHalve(now: now) {
          _ = state.slowDown(now: now, ratePace: true)
          state.storms += 1
          state.troubled = 0
        }
        return
      }
      guard (200..<300).contains(status) || status == 404 else { return }
      state.troubled = 0
      if let limit = state.limit, limit < state.ceiling ?? Int.max { state.limit = limit + 1 }
      if let remaining, let counted = announced ?? state.ceiling {
        // Requests of others in the window (beyond a little slack, as answers overtake each other): counted
        // as if sent now.
        let ours = state.slots.count(from: now - RateLimiter.window, to: now)
        let theirs = min(counted, counted - min(remaining, counted) - ours)
        if theirs > RateLimiter.slack {
          for _ in 0..<theirs { state.slots.insert(now) }
        }
      }
    }
  }
}

/// The departures of about the last minute, oldest first, at most `cap` of them: a run of 100,000 unlimited
/// requests keeps no list of them all, and the work per request stays small (dropped from the front by
/// moving an index, the array compacted now and then).
struct SlotLog {
  static let cap = 4_096
  private var times: [Double] = []
  private var head = 0

  var count: Int { times.count - head }

  /// The `index`-th live slot, oldest first.
  subscript(index: Int) -> Double { times[head + index] }

  /// Forgets the slots at or before `horizon`, and the oldest beyond `cap`.
  mutating func prune(upTo horizon: Double) {
    while head < times.count, times[head] <= horizon { head += 1 }
    if count > SlotLog.cap { head = times.count - SlotLog.cap }
    if head > 1_024, head * 2 > times.count {
      times.removeFirst(head)
      head = 0
    }
  }

  /// Adds `time` in its place (almost always the end).
  mutating func insert(_ time: Double) {
    var index = times.count
    while index > head, times[index - 1] > time { index -= 1 }
    times.insert(time, at: index)
  }

  /// Drops one slot at `time`; false when there is none.
  mutating func remove(_ time: Double) -> Bool {
    guard let index = times[head...].lastIndex(of: time) else { return false }
    times.remove(at: index)
    return true
  }

  /// Moves one slot at `old` to `new` (a later departure than planned).
  mutating func move(_ old: Double, to new: Double) {
    if remove(old) { insert(new) }
  }

  /// Drops the slots after `time` (reserved ahead under a pace that has dropped).
  mutating func removeAll(after time: Double) {
    while times.count > head, times[times.count - 1] > time { times.removeLast() }
  }

  /// The first slot after `time`.
  func first(after time: Double) -> Double? { times[head...].first { $0 > time } }

  /// The slots in (`from`, `to`].
  func count(from: Double, to: Double) -> Int {
    times[head...].reduce(0) { $0 + ($1 > from && $1 <= to ? 1 : 0) }
  }
}

/// Time as a gateway counts it: seconds that may run faster than the machine's (the local simulator's clock
/// can), and sleeping until one of them.
public protocol LimiterClock: Sendable {
  /// The gateway's seconds per real second.
  var rate: Double { get }
  /// Now, in the gateway's seconds (from any fixed origin).
  func now() -> Double
  /// Sleeps until `instant` (gateway seconds); returns the real microseconds slept. Throws on cancellation.
  func sleep(until instant: Double) async throws -> Int
}

/// The shell's clock (the system's, or a manual one in tests: `ShellClock`), scaled by `rate` gateway seconds
/// per real second (1 for a real gateway; the local simulator's clock may run faster).
public struct GatewayTime: LimiterClock {
  public let rate: Double
  let base: any ShellClock

  public init(_ base: any ShellClock = SystemClock(), rate: Double = 1) {
    self.base = base
    // The local simulator's rate, read from its admin API: only its own range (1 to 1000) is believed.
    self.rate = rate.isFinite && (1...1_000).contains(rate) ? rate : 1
  }

  public func now() -> Double { Double(base.now()) / 1_000_000 * rate }

  public func sleep(until instant: Double) async throws -> Int {
    let seconds = (instant - now()) / rate
    guard seconds.isFinite, seconds > 0 else { return 0 }
    let micros = Int(min(seconds, 86_400) * 1_000_000)
    try await base.sleep(microseconds: micros)
    return micros
  }
}
