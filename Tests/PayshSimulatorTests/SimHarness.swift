import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PayshJSON
import PayshSimulator
import Testing

/// One HTTP exchange with the simulator, as the test sees it.
struct Reply: Sendable {
  var status: Int
  var headers: HTTPHeaders
  var body: [UInt8]

  var text: String { String(decoding: body, as: UTF8.self) }

  func json() throws -> JSONValue { try JSONParser.parse(body) }

  func header(_ name: String) -> String? { headers.first(name: name) }
}

/// A simulator started in-process on an ephemeral loopback port, and a client for it.
struct SimHarness: Sendable {
  let simulator: Simulator
  let clock: SimulatorClock

  static let credentials = Simulator.credentials

  /// Starts a simulator (manual clock unless told otherwise), runs `body`, shuts it down.
  static func with(
    manualClock: Bool = true, clock given: SimulatorClock? = nil, seedFiles: [URL] = [],
    rateLimits: [SimRateLimit] = [], log: (@Sendable (String) -> Void)? = nil,
    _ body: (SimHarness) async throws -> Void
  ) async throws {
    let clock: SimulatorClock = given ?? (manualClock ? .manual() : .system)
    var config = SimulatorConfiguration(seedFiles: seedFiles, requestLog: log, clock: clock)
    config.port = 0
    config.rateLimits = rateLimits
    let simulator = try await Simulator.start(config)
    do {
      try await body(SimHarness(simulator: simulator, clock: clock))
      await simulator.shutdown()
    } catch {
      await simulator.shutdown()
      throw error
    }
  }

  /// Sends a request and collects the whole reply (up to 32 MiB).
  func send(
    _ method: HTTPMethod, _ path: String, headers: [(String, String)] = [], body: [UInt8]? = nil,
    timeout: TimeAmount = .seconds(10)
  ) async throws -> Reply {
    var request = HTTPClientRequest(url: simulator.baseURL + path)
    request.method = method
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
    let response = try await HTTPClient.shared.execute(request, timeout: timeout)
    let buffer = try await response.body.collect(upTo: 32 * 1024 * 1024)
    return Reply(status: Int(response.status.code), headers: response.headers, body: Array(buffer.readableBytesView))
  }

  /// Cashfree GET with the local credentials and a version (nil leaves the header out).
  func cashfree(
    _ path: String, version: String? = "2023-08-01", extra: [(String, String)] = [],
    timeout: TimeAmount = .seconds(10)
  ) async throws
    -> Reply
  {
    var headers = [
      ("x-client-id", Self.credentials.cashfree.clientID), ("x-client-secret", Self.credentials.cashfree.clientSecret),
    ]
    if let version { headers.append(("x-api-version", version)) }
    return try await send(.GET, "/pg" + path, headers: headers + extra, timeout: timeout)
  }

  /// Cashfree POST /pg/orders with the local credentials.
  func cashfreeCreate(_ body: JSONValue, version: String = "2023-08-01") async throws -> Reply {
    try await send(
      .POST, "/pg/orders",
      headers: [
        ("x-client-id", Self.credentials.cashfree.clientID),
        ("x-client-secret", Self.credentials.cashfree.clientSecret), ("x-api-version", version),
        ("Content-Type", "application/json"),
      ], body: body.compactBytes)
  }

  /// Paytring POST with a JSON body; `basic` nil sends no Authorization header.
  func paytring(_ path: String, _ body: JSONValue, basic: (String, String)? = nil) async throws -> Reply {
    var headers = [("Content-Type", "application/json")]
    if let basic {
      let token = Data("\(basic.0):\(basic.1)".utf8).base64EncodedString()
      headers.append(("Authorization", "Basic \(token)"))
    }
    return try await send(.POST, path, headers: headers, body: body.compactBytes)
  }

  /// EnKash token request; returns the reply.
  func enkashToken(
    username: String = credentials.enkash.username, password: String = credentials.enkash.password,
    client: (String, String) = (credentials.enkash.clientID, credentials.enkash.clientSecret),
    grantType: String = "password"
  ) async throws -> Reply {
    let form = "username=\(username)&password=\(password)&grant_type=\(grantType)&clientId=\(client.0)"
    let basic = Data("\(client.0):\(client.1)".utf8).base64EncodedString()
    return try await send(
      .POST, "/oauth/token",
      headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Authorization", "Basic \(basic)")],
      body: Array(form.utf8))
  }

  /// A fresh EnKash access token.
  func enkashAccessToken() async throws -> String {
    let reply = try await enkashToken()
    return try #require(try reply.json()["access_token"]?.textValue)
  }

  /// EnKash orderDetails with a bearer token (nil sends none).
  func enkashOrder(_ orderID: String, token: String?, query: String = "") async throws -> Reply {
    var headers = [("Content-Type", "application/json")]
    if let token { headers.append(("authorization", "Bearer \(token)")) }
    return try await send(
      .POST, "/api/v0/order/orderDetails" + query, headers: headers,
      body: JSONValue.obj(["orderId": .string(orderID)]).compactBytes)
  }

  /// Admin POST with a JSON body.
  func admin(_ path: String, _ body: JSONValue? = nil, timeout: TimeAmount = .seconds(10)) async throws -> Reply {
    try await send(
      .POST, "/_sim" + path, headers: [("Content-Type", "application/json")], body: body?.compactBytes,
      timeout: timeout)
  }

  /// Admin request with any method.
  func admin(_ method: HTTPMethod, _ path: String, _ body: JSONValue? = nil) async throws -> Reply {
    try await send(
      method, "/_sim" + path, headers: [("Content-Type", "application/json")], body: body?.compactBytes)
  }

  /// A Cashfree GET request with the local credentials (for ``streamed(_:)``).
  static func cashfreeRequest(_ path: String) -> (String, [(String, String)]) {
    (
      "/pg" + path,
      [
        ("x-client-id", credentials.cashfree.clientID), ("x-client-secret", credentials.cashfree.clientSecret),
        ("x-api-version", "2023-08-01"),
      ]
    )
  }

  /// GETs a path and reads the body as it arrives: how many parts, the time from first to last, the bytes.
  func streamed(_ request: (String, [(String, String)])) async throws -> (Int, Duration, [UInt8]) {
    var outgoing = HTTPClientRequest(url: simulator.baseURL + request.0)
    for (name, value) in request.1 { outgoing.headers.add(name: name, value: value) }
    let response = try await HTTPClient.shared.execute(outgoing, timeout: .seconds(10))
    let clock = ContinuousClock()
    var first: ContinuousClock.Instant?
    var last = clock.now
    var parts = 0
    var body: [UInt8] = []
    for try await part in response.body {
      last = clock.now
      if first == nil { first = last }
      parts += 1
      body += Array(part.readableBytesView)
    }
    return (parts, last - (first ?? last), body)
  }
}
