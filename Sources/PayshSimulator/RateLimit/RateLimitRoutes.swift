import Hummingbird
import PayshJSON

/// The rate limits' admin routes: `GET`, `POST` and `DELETE /_sim/rate-limits`, `DELETE /_sim/rate-limits/:id`.
///
/// Reference: docs/SIMULATOR.md, Rate limits.
struct RateLimitRoutes: Sendable {
  let store: SimulatorStore

  typealias Handler = @Sendable (Incoming) async throws -> SimResponse

  func register(on router: Router<SimRequestContext>, pipeline: SimPipeline) {
    let routes: [(HTTPRequest.Method, String, Handler)] = [
      (.get, "/_sim/rate-limits", { _ in self.listing() }),
      (.post, "/_sim/rate-limits", add),
      (
        .delete, "/_sim/rate-limits",
        { _ in
          self.store.rateLimiter.clear()
          return self.listing()
        }
      ),
      (.delete, "/_sim/rate-limits/:id", remove),
    ]
    for (method, path, handler) in routes {
      router.on(RouterPath(path), method: method) { request, context in
        try await pipeline.admin(request, context, handler)
      }
    }
  }

  /// `{"rate_limits":[{"id","gateway","route","per_minute","source","admitted","refused","first_admitted",
  /// "last_admitted","windows":[{"gateway","route","client","count"}]}]}`: each limit, `source` `start` (kept
  /// by reset) or `admin`, what it admitted and refused since it was set (or the reset) and when it admitted the
  /// first and the last (the simulator's clock, to the millisecond; null before any), and the count in each
  /// window it governs now.
  func listing() -> SimResponse {
    let now = store.clock.now.timeIntervalSince1970
    let items = store.rateLimiter.listing(at: now).map { item -> JSONValue in
      var json = item.limit.jsonValue
      json["source"] = .string(item.fromStart ? "start" : "admin")
      json["admitted"] = .int(item.tally.admitted)
      json["refused"] = .int(item.tally.refused)
      let at = { (seconds: Double?) -> JSONValue in seconds.map { .string(SimTime.isoMillis(seconds: $0)) } ?? .null }
      json["first_admitted"] = at(item.tally.firstAdmitted)
      json["last_admitted"] = at(item.tally.lastAdmitted)
      json["windows"] = .array(
        item.windows.map { key, count in
          .obj([
            "gateway": .string(key.gateway.rawValue), "route": .string(key.route),
            "client": .string(RateLimitHeaders.shown(key.client)), "count": .int(count),
          ])
        })
      return json
    }
    return .json(.obj(["rate_limits": .array(items)]))
  }

  func add(_ incoming: Incoming) async throws -> SimResponse {
    let limit = store.rateLimiter.add(try SimRateLimit(json: try incoming.json()))
    var json = limit.jsonValue
    json["source"] = "admin"
    return .json(json, status: 201)
  }

  func remove(_ incoming: Incoming) async throws -> SimResponse {
    guard let id = Int(incoming.parameter("id")), store.rateLimiter.remove(id: id) else {
      throw SimulatorError.notFound("no rate limit '\(incoming.parameter("id"))'")
    }
    return listing()
  }
}
