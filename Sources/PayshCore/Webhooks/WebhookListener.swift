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
  /// The most deliveries read and waiting for their answer at once; past it a request is answered 503 at
  /// once, so a flood of big bodies cannot fill memory (at most this many bodies are held).
  static let maxWaiting = 32
  /// A connection with no request on it for this long is closed.
  static let idleSeconds: Int64 = 30

  let channel: any Channel
  /// The one event loop every connection of this listener is served on; `ListenSession` runs its consumer
  /// there too (`executor`), so a delivery goes from socket to store to answer on one thread, with no hop
  /// between threads (on two cores the hops were a third of a delivery's time).
  let loop: any EventLoop
  let executor: EventLoopTaskExecutor
  let port: Int
  /// What has been read, in batches (`for await batch in listener.deliveries`).
  let deliveries: DeliveryQueue
  private let connections: Connections

  private init(
    channel: any Channel, loop: any EventLoop, port: Int, deliveries: DeliveryQueue, connections: Connections
  ) {
    self.connections = connections
    self.channel = channel
    self.loop = loop
    self.executor = EventLoopTaskExecutor(loop)
    self.port = port
    self.deliveries = deliveries
  }

  /// Binds 127.0.0.1:`port` (0: any free port) and starts taking requests.
  static func start(port: Int, maxBytes: Int = WebhookListener.maxBytes) async throws -> WebhookListener {
    let queue = DeliveryQueue()
    let loop = MultiThreadedEventLoopGroup.singleton.next()
    let connections = Connections()
    let bootstrap = ServerBootstrap(group: loop)
      .serverChannelOption(.backlog, value: 256)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
      .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          connections.add(channel)
          try channel.pipeline.syncOperations.addHandler(
            IdleStateHandler(readTimeout: .seconds(WebhookListener.idleSeconds)))
          try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
          try channel.pipeline.syncOperations.addHandler(
            WebhookRequestHandler(maxBytes: maxBytes, queue: queue, connections: connections))
        }
      }
    let channel = try await bootstrap.bind(host: "127.0.0.1", port: port).get()
    let bound = channel.localAddress?.port ?? port
    return WebhookListener(
      channel: channel, loop: loop, port: bound, deliveries: queue, connections: connections)
  }

  /// Stops taking connections and ends `deliveries` (what is already in it still comes out).
  func stop() async {
    try? await channel.close()
    deliveries.finish()
  }

  /// Closes the connections still open, once every delivery taken is answered (answers are written on the
  /// loop in order, so they go out before the close).
  func closeConnections() async {
    let connections = self.connections
    try? await loop.submit { connections.closeAll() }.get()
  }
}

/// The listener's open connections and how many requests wait for their answer; touched on its loop only.
final class Connections: @unchecked Sendable {
  private var open: [ObjectIdentifier: any Channel] = [:]
  var waiting = 0

  func add(_ channel: any Channel) {
    let key = ObjectIdentifier(channel)
    open[key] = channel
    channel.closeFuture.whenComplete { [self] _ in self.open[key] = nil }
  }

  func closeAll() {
    for channel in open.values { channel.close(promise: nil) }
  }
}

/// Reads one request at a time from a connection (NIO's pipelining handler keeps them in order), hands it
/// on, and writes the answer when it comes.
private final class WebhookRequestHandler: ChannelInboundHandler, RemovableChannelHandler {
  typealias InboundIn = HTTPServerRequestPart
  typealias OutboundOut = HTTPServerResponsePart

  let maxBytes: Int
  let queue: DeliveryQueue
  let connections: Connections
  var head: HTTPRequestHead?
  var body: [UInt8] = []
  var bodyBytes = 0
  /// A request of this connection waits for its answer.
  var answering = false

  init(
    maxBytes: Int, queue: DeliveryQueue, connections: Connections
  ) {
    self.maxBytes = maxBytes
    self.queue = queue
    self.connections = connections
  }

  func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
    // Idle with nothing being read or answered (a connection opened and left, a header never finished).
    if event is IdleStateHandler.IdleStateEvent, !answering {
      context.close(promise: nil)
      return
    }
    context.fireUserInboundEventTriggered(event)
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
      let handler = NIOLoopBound(self, eventLoop: loop)
      let connections = self.connections
      guard connections.waiting < WebhookListener.maxWaiting else {
        WebhookRequestHandler.write(
          .text(503, "paysh is busy: \(WebhookListener.maxWaiting) deliveries wait for their answer; send it again"),
          to: context, version: version, keepAlive: keepAlive)
        return
      }
      connections.waiting += 1
      answering = true
      let reply: @Sendable (WebhookListener.Answer) -> Void = { answer in
        func send() {
          connections.waiting -= 1
          handler.value.answering = false
          WebhookRequestHandler.write(answer, to: bound.value, version: version, keepAlive: keepAlive)
        }
        // On the listener's loop (its consumer runs there) the answer is written at once.
        if loop.inEventLoop { send() } else { loop.execute { send() } }
      }
      if !queue.push(WebhookListener.Delivery(request: request, reply: reply)) {
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
