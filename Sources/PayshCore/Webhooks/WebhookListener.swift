import NIOCore
import NIOHTTP1
import NIOPosix

/// An HTTP server on 127.0.0.1 that takes webhooks for `listen`: each request, read whole (its body up to
/// `maxBytes`, byte for byte), goes to `deliveries` with a reply the consumer answers once it has judged and
/// stored it. The gateway's connection waits for that answer, so a flood is held back by the consumer's pace
/// rather than queued without bound.
///
/// Written on SwiftNIO's HTTP/1 codec (the one AsyncHTTPClient uses), not Hummingbird: the engine does not
/// link the simulator's server framework, and a listener needs no router.
final class WebhookListener: Sendable {
  /// A request as it arrived.
  struct Request: Sendable {
    var method: String
    /// The request target: path and query, as sent.
    var target: String
    var headers: [HTTPHeader]
    var body: [UInt8]
    /// How many bytes the body had; more than `body.count` when it was over `maxBytes`.
    var bodyBytes: Int
    /// When its last byte arrived, in milliseconds since 1970.
    var receivedAt: Int
  }

  /// What the listener answers a request.
  struct Answer: Sendable {
    var status: Int
    var headers: [HTTPHeader]
    var body: [UInt8]

    static func text(_ status: Int, _ text: String, headers: [HTTPHeader] = []) -> Answer {
      Answer(
        status: status, headers: [HTTPHeader("content-type", "text/plain; charset=utf-8")] + headers,
        body: Array((text + "\n").utf8))
    }
  }

  /// One request and the reply its connection waits for.
  struct Delivery: Sendable {
    let request: Request
    let reply: @Sendable (Answer) -> Void
  }

  /// The most one request's body may hold before the rest is counted and dropped.
  static let maxBytes = 4 << 20

  let channel: any Channel
  let port: Int
  let deliveries: AsyncStream<Delivery>
  private let finish: @Sendable () -> Void

  private init(
    channel: any Channel, port: Int, deliveries: AsyncStream<Delivery>, finish: @escaping @Sendable () -> Void
  ) {
    self.channel = channel
    self.port = port
    self.deliveries = deliveries
    self.finish = finish
  }

  /// Binds 127.0.0.1:`port` (0: any free port) and starts taking requests.
  static func start(port: Int, maxBytes: Int = WebhookListener.maxBytes) async throws -> WebhookListener {
    let (stream, continuation) = AsyncStream<Delivery>.makeStream(bufferingPolicy: .unbounded)
    let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .serverChannelOption(.backlog, value: 256)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
      .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
          try channel.pipeline.syncOperations.addHandler(
            WebhookRequestHandler(maxBytes: maxBytes, continuation: continuation))
        }
      }
    let channel = try await bootstrap.bind(host: "127.0.0.1", port: port).get()
    let bound = channel.localAddress?.port ?? port
    return WebhookListener(
      channel: channel, port: bound, deliveries: stream, finish: { continuation.finish() })
  }

  /// Stops taking connections and ends `deliveries`.
  func stop() async {
    try? await channel.close()
    finish()
  }
}

/// Reads one request at a time from a connection (NIO's pipelining handler keeps them in order), hands it
/// on, and writes the answer when it comes.
private final class WebhookRequestHandler: ChannelInboundHandler, RemovableChannelHandler {
  typealias InboundIn = HTTPServerRequestPart
  typealias OutboundOut = HTTPServerResponsePart

  let maxBytes: Int
  let continuation: AsyncStream<WebhookListener.Delivery>.Continuation
  var head: HTTPRequestHead?
  var body: [UInt8] = []
  var bodyBytes = 0

  init(maxBytes: Int, continuation: AsyncStream<WebhookListener.Delivery>.Continuation) {
    self.maxBytes = maxBytes
    self.continuation = continuation
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    switch unwrapInboundIn(data) {
    case .head(let received):
      head = received
      body = []
      bodyBytes = 0
    case .body(let buffer):
      bodyBytes += buffer.readableBytes
      let room = maxBytes - body.count
      if room > 0 { body += buffer.readableBytesView.prefix(room) }
    case .end:
      guard let head else { return }
      self.head = nil
      let request = WebhookListener.Request(
        method: head.method.rawValue, target: head.uri,
        headers: head.headers.map { HTTPHeader($0.name, $0.value) }, body: body, bodyBytes: bodyBytes,
        receivedAt: Clock.epochMilliseconds())
      body = []
      let keepAlive = head.isKeepAlive
      let version = head.version
      let loop = context.eventLoop
      let bound = NIOLoopBound(context, eventLoop: loop)
      let reply: @Sendable (WebhookListener.Answer) -> Void = { answer in
        loop.execute { WebhookRequestHandler.write(answer, to: bound.value, version: version, keepAlive: keepAlive) }
      }
      if case .terminated = continuation.yield(WebhookListener.Delivery(request: request, reply: reply)) {
        reply(.text(503, "paysh is no longer listening"))
      }
    }
  }

  static func write(
    _ answer: WebhookListener.Answer, to context: ChannelHandlerContext, version: HTTPVersion, keepAlive: Bool
  ) {
    var headers = HTTPHeaders(answer.headers.map { ($0.name, $0.value) })
    headers.replaceOrAdd(name: "content-length", value: String(answer.body.count))
    headers.replaceOrAdd(name: "connection", value: keepAlive ? "keep-alive" : "close")
    let head = HTTPResponseHead(
      version: version, status: HTTPResponseStatus(statusCode: answer.status), headers: headers)
    context.write(NIOAny(HTTPServerResponsePart.head(head)), promise: nil)
    var buffer = context.channel.allocator.buffer(capacity: answer.body.count)
    buffer.writeBytes(answer.body)
    context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(buffer))), promise: nil)
    let done = context.writeAndFlushPromise()
    context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)), promise: done)
    if !keepAlive {
      let channel = context.channel
      done.futureResult.whenComplete { _ in channel.close(promise: nil) }
    }
  }
}

extension ChannelHandlerContext {
  fileprivate func writeAndFlushPromise() -> EventLoopPromise<Void> { eventLoop.makePromise(of: Void.self) }
}
