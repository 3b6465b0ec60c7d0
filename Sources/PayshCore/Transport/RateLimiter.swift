import Synchronization

/// The pace of requests to one gateway, environment and endpoint: a sliding window of a minute (as Cashfree
/// counts, "x-ratelimit-remaining uses sliding window") kept on this side, so requests go as fast as the limit
/// allows and no faster.
///
/// Each request reserves a slot before it is sent (`reserve`): the first moment the window has room, given
/// every slot reserved before it, so requests go out in about the order they asked; when the limit rises
/// the reservations ahead are made again, so a request waiting for the window takes the room it makes.
/// The limit starts from the
/// documented figure (`DocumentedLimits`) and follows the gateway: its `x-ratelimit-limit` sets the ceiling; a
/// 429, or `x-ratelimit-retry` above zero, halves the limit at once and holds every request until the wait
/// the gateway asked for (`x-ratelimit-retry`, `Retry-After`; a minute when it named none) has passed; each
/// answer within the limit then raises it by one again, up to the ceiling. A run of 5xx answers (`storm`
/// first attempts in a row: the gateway in trouble, not one order's bad luck) halves the pace requests
/// went at, holding nothing (each request's retries back off already). An `x-ratelimit-remaining` below what this side counts means someone else
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
  /// The 5xx answers in a row (500, 502, 503, 504) that halve the pace: to first attempts, so one order's
  /// retries are not a storm; a 2xx or a 404 between them starts the count again.
  static let storm = 3
  /// The lowest a run of 5xx halves the pace to, requests a minute (or the limit, when lower).
  static let stormFloor = 60

  struct State {
    /// The requests a minute allowed now (at most `ceiling`); nil while no limit is known.
    var limit: Int?
    var ceiling: Int?
    /// The slots reserved, the window's and those still ahead: kept while no limit is known too, so a limit
    /// learnt from the first answers counts the requests already out.
    var slots = SlotLog()
    var blockedUntil = 0.0
    /// Where the last wait said (`admit`'s `onWait`) ends: a request that begins to wait before then is in
    /// the same wait, already said (the jobs of a bulk run wait for the same window together).
    var saidUntil = -Double.infinity
    /// Moves each time the reservations ahead are made again (`replan`): a slot reserved before it is not used.
    var generation = 0
    var slowdowns = 0
    /// How many of the slowdowns a run of 5xx made.
    var storms = 0
    /// The 5xx answers to first attempts since the last 2xx or 404, or the last storm.
    var troubled = 0
    /// When the pace was last halved.
    var slowedAt = -Double.infinity
    /// The longest of the recent round trips, in gateway seconds: a request may take up to that to reach
    /// the gateway, so a slot is reused only that much after the window's end.
    var transit = 0.0
    var margin: Double { max(RateLimiter.margin, transit) }

    /// The first moment from `now` the window has room for one more request, given every slot reserved.
    mutating func earliest(now: Double) -> Double {
      slots.prune(upTo: now - RateLimiter.window - margin)
      var at = max(now, blockedUntil)
      if let limit, slots.count >= limit {
        at = max(at, slots[slots.count - limit] + RateLimiter.window + margin)
      }
      return at
    }

    /// The reservations ahead are dropped and made again (each waiting request sees `generation` move
    /// within `recheck`): under a lower pace, or a higher limit that has room sooner.
    mutating func replan(after now: Double) {
      generation += 1
      slots.removeAll(after: now)
    }

    /// Whether the pace may be halved now: once for one event (the answers of the requests already out when
    /// the first came, a burst, do not halve it again).
    func mayHalve(now: Double) -> Bool { now >= slowedAt + RateLimiter.window / 4 }

    /// A 429 (a quota counted over the window): halves the limit, or with none known the requests in the
    /// window, the quota that tripped (then raised again one by one, with no ceiling, until the next).
    mutating func slowDownForQuota(now: Double) {
      replan(after: now)
      guard mayHalve(now: now) else { return }
      slowdowns += 1
      slowedAt = now
      let current = limit ?? max(1, slots.count(from: now - RateLimiter.window, to: now))
      limit = max(1, current / 2)
    }

    /// A run of 5xx (a gateway in trouble, whatever its quota): halves the pace requests really went at (a
    /// limit above it would slow nothing), their rate over the window scaled to a minute when they span
    /// less of one, but not below `stormFloor` (a pace held low by slow answers is not the gateway's).
    mutating func slowDownForTrouble(now: Double) {
      replan(after: now)
      slowdowns += 1
      storms += 1
      slowedAt = now
      let from = now - RateLimiter.window
      var pace = Double(slots.count(from: from, to: now))
      if let first = slots.first(after: from) {
        pace *= RateLimiter.window / min(RateLimiter.window, max(1, now - first))
      }
      let current = min(limit ?? Int.max, Int(min(pace, Double(RateLimiter.mostPerMinute))))
      limit = max(min(RateLimiter.stormFloor, limit ?? Int.max), current / 2)
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
  }

  /// Reserves the next slot from `now` (gateway seconds). `mayTell`: whether a wait for it over a second of
  /// real time is to be said, unless the last wait said goes on (decided under the same lock as the slot,
  /// so of requests waiting together the first to reserve says it); `tell` is that wait in real seconds, or
  /// nil when it is not to be said.
  func reserve(now: Double, mayTell: Bool = false) -> (slot: Slot, tell: Double?) {
    state.withLock { state in
      let slot = Slot(at: state.earliest(now: now), generation: state.generation)
      state.slots.insert(slot.at)
      let seconds = (slot.at - now) / clock.rate
      guard mayTell, seconds.isFinite, seconds > 1, now >= state.saidUntil else { return (slot, nil) }
      state.saidUntil = slot.at
      return (slot, seconds)
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
  /// second of real time, in milliseconds: the shell says what it is waiting for. A request that begins to
  /// wait while the last wait said has not ended is not told: it waits with it (one line for the
  /// window the jobs of a bulk run wait for, not one per job).
  @discardableResult
  public func admit(onWait: (Int) -> Void = { _ in }) async throws -> Int {
    var waited = 0
    var first = true
    var said: Double?
    while true {
      let now = clock.now()
      let (slot, tell) = reserve(now: now, mayTell: first)
      first = false
      if let seconds = tell {
        said = slot.at
        onWait(Int(min(seconds, 86_400) * 1000))
      }
      do {
        waited += try await wait(for: slot)
      } catch {
        // Ctrl-C: the slot is given back (the request never goes), and the next request's wait is said
        // again, not taken for this one's.
        state.withLock { state in
          if state.generation == slot.generation { _ = state.slots.remove(slot.at) }
          if let said, state.saidUntil == said { state.saidUntil = -Double.infinity }
        }
        throw error
      }
      if confirm(slot, sentAt: clock.now()) { return waited }
    }
  }

  /// How often a request waiting for its slot looks whether it was made again (`replan`), in real seconds.
  static let recheck = 0.5

  /// Sleeps until `slot`, waking every `recheck` to stop waiting for one made again meanwhile (`replan`:
  /// the pace dropped, or the limit rose); the real microseconds slept.
  private func wait(for slot: Slot) async throws -> Int {
    var slept = 0
    while true {
      let wake = min(slot.at, clock.now() + RateLimiter.recheck * clock.rate)
      slept += try await clock.sleep(until: wake)
      if wake >= slot.at || state.withLock({ $0.generation }) != slot.generation { return slept }
    }
  }

  /// Reads an answer's status and headers: follows the limit it announces, slows down on a 429.
  /// `latencyMicroseconds`: how long its request took, which sets how long a request may take to arrive.
  /// `retried`: the answer is to a retry (its 5xx is not counted towards a storm: one order's bad luck).
  public func observe(status: Int, headers: [HTTPHeader], latencyMicroseconds: Int = 0, retried: Bool = false) {
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
        // A hold beyond the wait said (by over a second) is a new wait: the next request that meets it says it.
        if state.blockedUntil > state.saidUntil + clock.rate { state.saidUntil = -Double.infinity }
        state.slowDownForQuota(now: now)
        return
      }
      if RetryPolicy.isRetryable(status: status) {  // a 5xx that means "not now"
        guard !retried else { return }
        state.troubled += 1
        guard state.troubled >= RateLimiter.storm else { return }
        state.troubled = 0
        if state.mayHalve(now: now) { state.slowDownForTrouble(now: now) }
        return
      }
      guard (200..<300).contains(status) || status == 404 else { return }
      state.troubled = 0
      if let limit = state.limit, limit < state.ceiling ?? Int.max {
        state.limit = limit + 1
        // Requests waiting for the window take the room the higher limit makes.
        if state.slots.count > 0, state.slots[state.slots.count - 1] > now { state.replan(after: now) }
      }
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
