import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// POSTs webhook bodies over one AsyncHTTPClient for the process (one connection pool for every delivery of
/// every simulator, kept alive; never shut down, so a simulator dropped without `shutdown()` leaves nothing
/// to close).
///
/// Redirects are never followed (a 3xx is a failed delivery, as Cashfree counts it); a refused connection is
/// reported at once, not retried until the connect timeout; each attempt has the endpoint's timeout, send
/// to answer.
final class WebhookSender: Sendable {
  /// What one POST came to.
  struct Outcome: Sendable {
    var status: Int?
    var error: String?
    var latencyMS: Double
  }

  var client: HTTPClient { Self.sharedClient }

  /// Connections kept per receiver: enough for `POST /_sim/webhooks/fire`'s concurrency.
  static let connectionsPerHost = 64

  static let sharedClient: HTTPClient = {
    var configuration = HTTPClient.Configuration()
    configuration.redirectConfiguration = .disallow
    configuration.timeout = .init(connect: .seconds(5), read: .seconds(600))
    configuration.connectionPool = .init(idleTimeout: .seconds(60))
    configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = WebhookSender.connectionsPerHost
    configuration.connectionPool.retryConnectionEstablishment = false
    configuration.decompression = .disabled
    configuration.tracing.tracer = nil
    return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
  }()

  /// Sends one POST and waits for its status (the body is read and dropped, so the connection is reused).
  func post(url: String, headers: [(String, String)], body: [UInt8], timeoutMS: Int) async -> Outcome {
    var request = HTTPClientRequest(url: url)
    request.method = .POST
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    request.body = .bytes(ByteBuffer(bytes: body))
    let started = ContinuousClock.now
    func elapsed() -> Double {
      let time = ContinuousClock.now - started
      return Double(time.components.seconds) * 1000 + Double(time.components.attoseconds) / 1e15
    }
    do {
      let response = try await client.execute(request, timeout: .milliseconds(Int64(timeoutMS)))
      let status = Int(response.status.code)
      _ = try? await response.body.collect(upTo: 1024 * 1024)
      let latency = elapsed()
      if (200...299).contains(status) { return Outcome(status: status, error: nil, latencyMS: latency) }
      let why = (300...399).contains(status) ? "a redirect, which is not followed" : "not 2xx"
      return Outcome(status: status, error: "answered \(status): \(why)", latencyMS: latency)
    } catch {
      return Outcome(status: nil, error: Self.describe(error, timeoutMS: timeoutMS), latencyMS: elapsed())
    }
  }

  /// A short reason for a POST that got no answer.
  static func describe(_ error: any Error, timeoutMS: Int) -> String {
    if let client = error as? HTTPClientError {
      if client == .deadlineExceeded || client == .readTimeout { return "timed out after \(timeoutMS) ms" }
      if client == .connectTimeout { return "connect timed out" }
      if client == .remoteConnectionClosed { return "connection closed before an answer" }
    }
    let text = String(describing: error)
    if text.localizedCaseInsensitiveContains("refused") { return "connection refused" }
    return text
  }
}
