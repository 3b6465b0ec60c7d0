import Synchronization

/// The limiters of a shell, one per gateway, environment and endpoint (`cashfree@production order`): every
/// request a fetch, a case or a bulk run sends waits for its slot in one of them, so commands running one
/// after another share the gateway's quota as the gateway counts it.
public final class RateLimits: Sendable {
  /// A limiter's place: what the gateway counts a request under.
  struct Key: Hashable {
    var gateway: String
    var environment: String
    var endpoint: String
  }

  let limiters = Mutex<Held>(Held())

  struct Held {
    var byKey: [Key: RateLimiter] = [:]
    /// The slowdowns of limiters replaced (made again for a new clock rate): the counts never go back.
    var retired = Slowdowns()
  }

  /// How many times the limiters slowed down, since the shell began.
  public struct Slowdowns: Sendable, Hashable {
    /// All of them: a 429, a retry header or a run of 5xx.
    public var all = 0
    /// Those a run of 5xx made.
    public var storms = 0

    static func - (after: Slowdowns, before: Slowdowns) -> Slowdowns {
      Slowdowns(all: after.all - before.all, storms: after.storms - before.storms)
    }
  }
  /// The local simulator's clock rate (its seconds per real second), read when a bulk run starts: the
  /// limiters of `local` keep time as it does.
  let localRate = Mutex(1.0)

  public init() {}

  /// The limiter for `query` on `gateway` in `environment`, made on first use from the documented limit.
  /// `clock`: the shell's, which the limiter keeps time on.
  public func limiter(
    gateway: String, environment: String, query: FetchQuery, clock: any ShellClock
  ) -> RateLimiter {
    let endpoint = DocumentedLimits.endpoint(of: query)
    let key = Key(gateway: gateway, environment: environment, endpoint: endpoint)
    let rate = environment == "local" ? localRate.withLock { $0 } : 1
    return limiters.withLock { held in
      if let known = held.byKey[key] {
        if let time = known.clock as? GatewayTime, time.rate == rate, time.base === clock { return known }
        held.retired.all += known.slowdowns
        held.retired.storms += known.storms
      }
      let made = RateLimiter(
        perMinute: DocumentedLimits.perMinute(gateway: gateway, environment: environment, endpoint: endpoint),
        clock: GatewayTime(clock, rate: rate))
      held.byKey[key] = made
      return made
    }
  }

  /// Sets the local simulator's clock rate (0, a clock standing still, counts as real time).
  public func setLocalRate(_ rate: Double) {
    localRate.withLock { $0 = rate.isFinite && (1...1_000).contains(rate) ? rate : 1 }
  }

  /// How many times the limiters slowed down since the shell began: a bulk run's summary says how many
  /// more there were by its end.
  public var slowdowns: Slowdowns {
    limiters.withLock { held in
      held.byKey.values.reduce(held.retired) { total, limiter in
        Slowdowns(all: total.all + limiter.slowdowns, storms: total.storms + limiter.storms)
      }
    }
  }
}
