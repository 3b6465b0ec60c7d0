import Foundation

/// The simulator's rate limits and their sliding windows: which requests are admitted, and what the rate-limit
/// headers of each answer say.
///
/// Contract: ``admit(_:client:at:)`` decides and counts in one step under the lock, so concurrent requests
/// against a limit of N admit exactly N in a window; only admitted requests are counted (a client refused
/// with a 429 that backs off recovers). The windows are on the simulator's clock (the time is passed in);
/// moving the clock back drops what lies after the new time. It never blocks on I/O and knows nothing of
/// HTTP: ``SimPipeline`` asks it and ``RateLimitHeaders`` writes its answer.
final class RateLimiter: @unchecked Sendable {
  private let lock = NSLock()
  /// The limits given at start (`SimulatorConfiguration.rateLimits`), which `/_sim/reset` brings back.
  private let startLimits: [SimRateLimit]
  private var limits: [SimRateLimit]
  private var nextID: Int
  private var windows: [RateKey: RateWindow] = [:]
  /// What each limit (by id) admitted and refused since it was set or the simulator reset.
  private var tallies: [Int: RateTally] = [:]

  /// Sweeps expired windows once this many keys are held (a client sending a new id each time).
  static let sweepThreshold = 10_000

  init(startLimits given: [SimRateLimit]) {
    var kept: [SimRateLimit] = []
    for var limit in given {
      kept.removeAll { $0.sameTarget(as: limit) }
      limit.id = 0
      kept.append(limit)
    }
    for index in kept.indices { kept[index].id = index + 1 }
    startLimits = kept
    limits = kept
    nextID = kept.count + 1
  }

  /// Whether any limit is set (the hot path skips the rest when none is).
  var isOn: Bool { lock.withLock { !limits.isEmpty } }

  /// The limits enforced now, oldest first.
  var current: [SimRateLimit] { lock.withLock { limits } }

  /// The limit that applies to requests of this route: the most specific, the latest of equals.
  private func limitLocked(for route: SimRoute) -> SimRateLimit? {
    var best: SimRateLimit?
    for limit in limits where limit.covers(route.gateway, route.name) {
      if limit.specificity >= best?.specificity ?? -1 { best = limit }
    }
    return best
  }

  /// Decides a request of `route` from `client` at `now` (seconds since 1970 on the simulator's clock): nil
  /// when no limit applies; else admitted and counted when the window holds fewer than N, or refused with
  /// the whole seconds until the oldest request in the window leaves it.
  func admit(_ route: SimRoute, client: String, at now: Double) -> RateDecision? {
    lock.withLock {
      guard let limit = limitLocked(for: route) else { return nil }
      let key = RateKey(gateway: route.gateway, route: route.name, client: client)
      var window = windows.removeValue(forKey: key) ?? RateWindow()
      window.prune(at: now)
      let decision: RateDecision
      if window.count < limit.perMinute {
        window.append(now)
        tallies[limit.id, default: RateTally()].admit(at: now)
        decision = RateDecision(
          admitted: true, limit: limit.perMinute, remaining: limit.perMinute - window.count, retryAfter: 0)
      } else {
        let leaves = (window.oldest ?? now) + SimRateLimit.windowSeconds - now
        let seconds = min(60, max(1, Int(leaves.rounded(.up))))
        decision = RateDecision(admitted: false, limit: limit.perMinute, remaining: 0, retryAfter: seconds)
        tallies[limit.id, default: RateTally()].refused += 1
      }
      windows[key] = window
      if windows.count > Self.sweepThreshold { sweepLocked(at: now) }
      return decision
    }
  }

  /// Drops the windows with nothing left in them.
  private func sweepLocked(at now: Double) {
    for key in Array(windows.keys) {
      windows[key]?.prune(at: now)
      if windows[key]?.count == 0 { windows[key] = nil }
    }
  }

  /// Adds a limit, replacing one for the same gateway and route; returns it with its id.
  func add(_ limit: SimRateLimit) -> SimRateLimit {
    lock.withLock {
      var limit = limit
      limit.id = nextID
      nextID += 1
      for replaced in limits where replaced.sameTarget(as: limit) { tallies[replaced.id] = nil }
      limits.removeAll { $0.sameTarget(as: limit) }
      limits.append(limit)
      return limit
    }
  }

  /// Removes one limit; false when there is none with that id.
  func remove(id: Int) -> Bool {
    lock.withLock {
      let before = limits.count
      limits.removeAll { $0.id == id }
      tallies[id] = nil
      return limits.count < before
    }
  }

  /// Removes every limit (those given at start too, until `/_sim/reset`).
  func clear() {
    lock.withLock {
      limits = []
      tallies = [:]
    }
  }

  /// Back to the limits given at start, with empty windows.
  func reset() {
    lock.withLock {
      limits = startLimits
      windows = [:]
      tallies = [:]
    }
  }

  /// Each limit (oldest first), whether it was given at start, and the count in the window of each key it
  /// governs now (keys with an empty window left out).
  func listing(at now: Double) -> [RateLimitListing] {
    lock.withLock {
      sweepLocked(at: now)
      let keys = windows.keys.sorted {
        ($0.gateway.rawValue, $0.route, $0.client) < ($1.gateway.rawValue, $1.route, $1.client)
      }
      return limits.map { limit in
        let governed = keys.filter { limitLocked(for: SimRoute($0.gateway, $0.route))?.id == limit.id }
        return RateLimitListing(
          limit: limit, fromStart: startLimits.contains(limit), tally: tallies[limit.id] ?? RateTally(),
          windows: governed.map { ($0, windows[$0]?.count ?? 0) })
      }
    }
  }
}

/// What the limiter says of one request: admitted or not, and the numbers for the headers.
struct RateDecision: Sendable, Equatable {
  var admitted: Bool
  /// N, the limit's requests per minute.
  var limit: Int
  /// How many more the window admits after this request (0 when refused).
  var remaining: Int
  /// 0 when admitted; else whole seconds until the oldest request in the window leaves it (1…60).
  var retryAfter: Int
}

/// Whose window a request counts in: gateway, route name and client.
struct RateKey: Hashable, Sendable {
  var gateway: Gateway
  var route: String
  var client: String
}

/// One limit as `GET /_sim/rate-limits` shows it.
struct RateLimitListing: Sendable {
  var limit: SimRateLimit
  var fromStart: Bool
  var tally: RateTally
  var windows: [(RateKey, Int)]
}

/// The requests one limit admitted and refused, and the earliest and the latest time (simulator seconds) it
/// admitted one at (a clock moved back does not undo them): what a client's pace under the limit was, read
/// from this side.
struct RateTally: Sendable, Equatable {
  var admitted = 0
  var refused = 0
  var firstAdmitted: Double?
  var lastAdmitted: Double?

  mutating func admit(at now: Double) {
    admitted += 1
    firstAdmitted = min(firstAdmitted ?? now, now)
    lastAdmitted = max(lastAdmitted ?? now, now)
  }
}

/// The times (simulator seconds) of the admitted requests still in a window, oldest first.
struct RateWindow: Sendable {
  private var times: [Double] = []
  private var head = 0

  var count: Int { times.count - head }

  var oldest: Double? { head < times.count ? times[head] : nil }

  /// Keeps only the times in (now − 60 s, now]: older ones have left the window; later ones were counted
  /// before the clock was moved back.
  mutating func prune(at now: Double) {
    while let last = times.last, times.count > head, last > now { times.removeLast() }
    while head < times.count, times[head] <= now - SimRateLimit.windowSeconds { head += 1 }
    if head == times.count {
      times.removeAll(keepingCapacity: true)
      head = 0
    } else if head > 64, head * 2 > times.count {
      times.removeFirst(head)
      head = 0
    }
  }

  mutating func append(_ time: Double) { times.append(time) }
}
