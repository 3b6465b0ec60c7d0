import Foundation
import Hummingbird
import NIOCore
import PayshJSON

/// Runs one gateway request: reads the body, applies faults before and after the handler, logs a line.
struct SimPipeline: Sendable {
  let store: SimulatorStore
  let requestLog: (@Sendable (String) -> Void)?

  typealias Handler = @Sendable (Incoming) async throws -> SimResponse

  /// Handles a gateway route: the rate limit first (a refused request is answered 429 without the handler
  /// and takes only latency faults), then the faults, then the handler.
  func run(
    _ route: SimRoute, _ request: Request, _ context: SimRequestContext, _ handler: Handler
  )
    async throws -> Response
  {
    let started = ContinuousClock.now
    let incoming = try await Self.incoming(request, context)
    let decision = rateDecision(route, incoming)
    let admitted = decision?.admitted ?? true
    let faults = store.faultSwitch.isOn ? await store.takeFaults(for: route, latencyOnly: !admitted) : []
    let latency = faults.reduce(0) { $0 + $1.drawLatencyMS() }
    if latency > 0 { try await Task.sleep(for: .milliseconds(latency)) }
    if let decision, !decision.admitted {
      var response = RateLimitHeaders.refusal(decision, route.gateway)
      if route.gateway == .cashfree { CashfreeRoutes.echoHeaders(&response, incoming) }
      log(route, request, status: String(response.status), started: started)
      return response.hummingbird
    }
    let main = faults.first { $0.kind != .latency }
    var response: SimResponse
    switch main?.kind {
    case .rateLimit:
      response = GatewayErrors.rateLimited(route.gateway, retryAfter: main?.retryAfter ?? 30)
    case .status:
      response = GatewayErrors.serverError(route, status: main?.status ?? 503)
    case .redirect:
      response = SimResponse(status: main?.status ?? 302, headers: [("Location", main?.location ?? "/")])
    case .body:
      response = SimResponse(
        status: 200, headers: [("Content-Type", "application/json")], body: Array((main?.body ?? "").utf8))
    case .reset:
      log(route, request, status: "RST", started: started)
      await Self.resetConnection(context.channel)
      return Response(status: .ok)
    default:
      response = try await handler(incoming)
    }
    let faultRetry = main?.kind == .rateLimit ? main?.retryAfter ?? 30 : nil
    if route.gateway == .cashfree {
      await CashfreeRoutes.addCommonHeaders(
        &response, incoming, store: store, faultRetry: faultRetry, decision: decision)
    } else if let decision {
      RateLimitHeaders.apply(decision, to: &response, route.gateway, faultRetry: faultRetry)
    }
    log(route, request, status: String(response.status), started: started)
    return FaultBodies.apply(main, to: response, channel: context.channel)
  }

  /// The rate limiter's decision on this request, counted on the simulator's clock; nil when no limit applies.
  func rateDecision(_ route: SimRoute, _ incoming: Incoming) -> RateDecision? {
    let limiter = store.rateLimiter
    guard limiter.isOn else { return nil }
    let client = RateLimitHeaders.client(of: incoming, route.gateway)
    return limiter.admit(route, client: client, at: store.clock.now.timeIntervalSince1970)
  }

  /// Handles an admin route (no faults, still logged).
  func admin(_ request: Request, _ context: SimRequestContext, _ handler: Handler) async throws -> Response {
    let started = ContinuousClock.now
    let incoming = try await Self.incoming(request, context)
    let response: SimResponse
    do {
      response = try await handler(incoming)
    } catch let error as SimulatorError {
      response = .json(.obj(["error": .string(error.description)]), status: error.status)
    } catch let error as JSONParseError {
      response = .json(.obj(["error": .string(error.description)]), status: 400)
    }
    logLine(gateway: "admin", request, status: String(response.status), started: started)
    return response.hummingbird
  }

  /// Answers a path no route serves, in the shape of the gateway its prefix belongs to.
  func unrouted(_ request: Request, _ context: SimRequestContext) async throws -> Response {
    let started = ContinuousClock.now
    let path = request.uri.path
    let response: SimResponse
    let gateway: String
    if path.hasPrefix("/pg/") {
      gateway = "cashfree"
      response = GatewayErrors.cashfree(
        400, message: "bad URL, please check API documentation", code: "request_failed",
        type: "invalid_request_error")
    } else if path.hasPrefix("/api/v0/") || path.hasPrefix("/oauth/") {
      gateway = "enkash"
      response = GatewayErrors.enkashFailure(404, message: "Not Found")
    } else if path.hasPrefix("/api/") {
      gateway = "paytring"
      response = GatewayErrors.paytring(404, message: "Not Found")
    } else {
      gateway = "admin"
      response = .json(.obj(["error": .string("no admin route \(request.method.rawValue) \(path)")]), status: 404)
    }
    logLine(gateway: gateway, request, status: String(response.status), started: started)
    return response.hummingbird
  }

  static func incoming(_ request: Request, _ context: SimRequestContext) async throws -> Incoming {
    var request = request
    let buffer = try await request.collectBody(upTo: context.maxUploadSize)
    var parameters: [String: String] = [:]
    for (key, value) in context.parameters {
      parameters[String(key)] = String(value).removingPercentEncoding ?? String(value)
    }
    return Incoming(
      method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "",
      headers: request.headers, parameters: parameters, body: Array(buffer.readableBytesView))
  }

  /// Closes a connection with SO_LINGER 0, so the peer sees a TCP reset.
  static func resetConnection(_ channel: any Channel) async {
    if let provider = channel as? any SocketOptionProvider {
      _ = try? await provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
    }
    try? await channel.close()
  }

  func log(_ route: SimRoute, _ request: Request, status: String, started: ContinuousClock.Instant) {
    logLine(gateway: route.gateway.rawValue, request, status: status, started: started)
  }

  func logLine(gateway: String, _ request: Request, status: String, started: ContinuousClock.Instant) {
    guard let requestLog else { return }
    let elapsed = ContinuousClock.now - started
    let ms = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
    let path = Self.maskedPath(request.uri.path, query: request.uri.query)
    let time = SimTime.clockTime(Date())
    requestLog("\(time) \(gateway) \(request.method.rawValue) \(path) \(status) \(String(format: "%.1f", ms))ms")
  }

  /// The path with the values of secret-looking query parameters replaced by `***`.
  static func maskedPath(_ path: String, query: String?) -> String {
    guard let query, !query.isEmpty else { return path }
    let secretWords = ["secret", "token", "password", "hash", "key", "pin", "authorization"]
    let masked = query.split(separator: "&").map { pair -> String in
      let parts = pair.split(separator: "=", maxSplits: 1)
      let name = parts.first.map(String.init) ?? ""
      guard parts.count == 2, secretWords.contains(where: { name.lowercased().contains($0) }) else {
        return String(pair)
      }
      return "\(name)=***"
    }
    return path + "?" + masked.joined(separator: "&")
  }
}
