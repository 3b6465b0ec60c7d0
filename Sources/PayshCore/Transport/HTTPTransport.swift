import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOSSL

#if canImport(Glibc)
import Glibc
#endif

/// Sends gateway requests over AsyncHTTPClient (TLS, keep-alive pooling), retrying reads as the
/// `RetryPolicy` allows and capturing each exchange with its timing.
///
/// Created lazily on the first request, so `help` and the other offline commands never start an event loop.
public final class HTTPTransport: Sendable {
  public let policy: RetryPolicy
  /// The largest body accepted, in bytes.
  public let bodyLimit: Int
  /// Seconds allowed for one attempt, connection included (less when the fetch's deadline is nearer).
  public let timeoutSeconds: Int
  let client: HTTPClient

  public init(policy: RetryPolicy = .standard, bodyLimit: Int = 8 * 1024 * 1024, timeoutSeconds: Int = 10) {
    self.policy = policy
    self.bodyLimit = bodyLimit
    self.timeoutSeconds = timeoutSeconds
    self.client = HTTPTransport.sharedClient
  }

  /// One client for the process (its connection pool is shared by every transport). Unlike
  /// `HTTPClient.shared` it does not retry a refused connection until the connect timeout: paysh retries
  /// as its policy says and reports a refused port at once. Redirects are shown, never followed.
  static let sharedClient: HTTPClient = {
    var configuration = HTTPClient.Configuration(
      certificateVerification: .fullVerification,
      redirectConfiguration: .disallow,
      timeout: .init(connect: .seconds(10), read: .seconds(60)),
      connectionPool: .seconds(60),
      proxy: nil,
      ignoreUncleanSSLShutdown: false,
      decompression: .enabled(limit: .ratio(25)),
      backgroundActivityLogger: nil
    )
    configuration.connectionPool.retryConnectionEstablishment = false
    // As many connections to one gateway as a bulk run's most `--jobs` (the library's default is 8, which
    // held `--jobs 16` to 8 requests at once); the rate limiter, not the pool, paces them.
    configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = BulkOptions.mostJobs
    configuration.tracing.tracer = nil  // no spans: paysh records its own timings in the snapshot
    return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
  }()

  /// Sends `request`, retrying reads on 429, 5xx and connection failures within the policy's bounds and
  /// `deadline`: each attempt's timeout is capped by what is left of it, and a wait that would pass it is
  /// not taken (the last answer is given back as it is).
  ///
  /// Throws `TransportError` when no HTTP answer came (`.deadline` when the deadline ran out waiting for
  /// one); any HTTP status, error or not, is returned. Task cancellation (Ctrl-C) stops the request and any
  /// wait at once. `meanwhile` runs once, on this task, as soon as the first attempt's request is on its way (a
  /// script settles its last fetch then). `onRetry` runs, on this task, before each wait for a retry.
  ///
  /// Under a `limiter` each attempt first waits for its slot (time not counted against `deadline`: it is
  /// pacing, not waiting for an answer; `onPace` is told of a wait over a second, in milliseconds), and every
  /// answer tells the limiter what the gateway said.
  public func send(
    _ request: OutgoingRequest, deadline: FetchDeadline = FetchDeadline(), limiter: RateLimiter? = nil,
    meanwhile: () -> Void = {}, onRetry: (RetryNotice) -> Void = { _ in }, onPace: (Int) -> Void = { _ in }
  ) async throws(TransportError) -> Exchange {
    var retries: [Exchange.Attempt] = []
    var generator = SystemRandomNumberGenerator()
    var attempt = 1
    var deadline = deadline
    while true {
      if let limiter {
        do {
          deadline = deadline.extended(by: try await limiter.admit(onWait: onPace))
        } catch {
          if attempt == 1 { meanwhile() }
          throw .cancelled
        }
      }
      let started = Clock.now()
      let startedAt = Clock.utcTimestamp()
      let ownTimeout = timeoutSeconds * 1_000_000
      let allowed = max(1_000, min(ownTimeout, deadline.remaining(at: started)))
      let outcome: Result<IncomingResponse, TransportError>
      do {
        outcome = .success(
          attempt == 1
            ? try await once(request, timeout: allowed, meanwhile: meanwhile)
            : try await once(request, timeout: allowed))
      } catch {
        outcome = .failure(error)
      }
      let latency = Clock.now() - started
      if let limiter, case .success(let response) = outcome {
        limiter.observe(
          status: response.status, headers: response.headers, latencyMicroseconds: latency, retried: attempt > 1)
      }
      if case .failure(.timeout) = outcome, allowed < ownTimeout {
        // The attempt was cut short by the fetch's deadline, not by its own timeout.
        throw .deadline(seconds: deadline.seconds, attempts: attempt)
      }
      let answer = { () throws(TransportError) -> Exchange in
        switch outcome {
        case .success(let response):
          return Exchange(
            request: request, response: response, startedAt: startedAt, latencyMicroseconds: latency, retries: retries)
        case .failure(let error):
          throw error
        }
      }
      guard attempt < policy.maxAttempts, retryAllowed(request, outcome) else { return try answer() }
      let status: Int?
      let headers: [HTTPHeader]
      let problem: String
      switch outcome {
      case .success(let response):
        status = response.status
        headers = response.headers
        problem = "HTTP \(response.status)"
      case .failure(let error):
        status = nil
        headers = []
        problem = error.message
      }
      let (wait, asked) = policy.wait(
        retry: attempt, status: status, headers: headers, rate: limiter?.clock.rate ?? 1, random: &generator)
      // A wait that would pass the deadline is not taken (the gateway may ask for more than paysh waits).
      guard wait * 1_000 < deadline.remaining() else {
        if case .failure(.timeout) = outcome { throw .deadline(seconds: deadline.seconds, attempts: attempt) }
        var exchange = try answer()
        if asked {
          exchange.declinedWait = Exchange.DeclinedWait(milliseconds: wait, deadlineSeconds: deadline.seconds)
        }
        return exchange
      }
      retries.append(
        Exchange.Attempt(status: status, problem: problem, waitedMilliseconds: wait, askedByGateway: asked))
      onRetry(
        RetryNotice(attempt: attempt + 1, attempts: policy.maxAttempts, waitMilliseconds: wait, problem: problem))
      do {
        try await Task.sleep(nanoseconds: UInt64(wait) * 1_000_000)
      } catch {
        throw .cancelled
      }
      attempt += 1
    }
  }

  func retryAllowed(_ request: OutgoingRequest, _ outcome: Result<IncomingResponse, TransportError>) -> Bool {
    switch (request.purpose, outcome) {
    case (.read, .success(let response)): RetryPolicy.isRetryable(status: response.status)
    case (.read, .failure(let error)): error.isRetryable
    case (.token, .success): false
    case (.token, .failure(let error)): error.neverSent && !error.isDNS
    }
  }

  /// One attempt, no retries, given `timeout` microseconds.
  ///
  /// Uses AsyncHTTPClient's delegate API (the whole body accumulated in one buffer, bounded by `bodyLimit`)
  /// rather than its streaming `HTTPClientRequest` API: for whole small JSON answers it does the same work
  /// with less machinery per request (scripts/bench/fetch measures it).
  func once(
    _ request: OutgoingRequest, timeout: Int, meanwhile: () -> Void = {}
  ) async throws(TransportError) -> IncomingResponse {
    var sent = false
    defer { if !sent { meanwhile() } }  // the request could not even be made
    if Task.isCancelled { throw .cancelled }
    do {
      var headers = HTTPHeaders()
      headers.reserveCapacity(request.headers.count)
      for header in request.headers { headers.add(name: header.name, value: header.value) }
      let outgoing = try HTTPClient.Request(
        url: request.url, method: HTTPMethod(rawValue: request.method), headers: headers,
        body: request.body.map { .bytes($0) })
      let task = client.execute(
        request: outgoing, delegate: ResponseAccumulator(request: outgoing, maxBodySize: bodyLimit),
        deadline: .now() + .microseconds(Int64(timeout)))
      sent = true
      meanwhile()
      let response = try await withTaskCancellationHandler {
        try await task.futureResult.get()
      } onCancel: {
        task.cancel()
      }
      let length = response.headers.first(name: "content-length").flatMap(Int.init)
      let body = response.body.map { Array($0.readableBytesView) } ?? []
      if let length, body.count < length { throw TransportError.truncated }
      return IncomingResponse(
        status: Int(response.status.code), headers: response.headers.map { HTTPHeader($0.name, $0.value) },
        body: body)
    } catch {
      throw TransportErrorMapper.map(error, url: request.url, timeoutSeconds: timeoutSeconds, bodyLimit: bodyLimit)
    }
  }
}

extension TransportError {
  var isDNS: Bool {
    if case .dns = self { return true }
    return false
  }
}
