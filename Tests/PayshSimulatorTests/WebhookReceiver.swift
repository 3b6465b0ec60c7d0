import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import PayshJSON

/// A real HTTP receiver on 127.0.0.1 (port 0) that records every request and answers as its path says:
/// `/status/NNN` answers NNN (a 3xx with a `Location`), `/never` never answers, `/scripted` answers the
/// statuses of ``script`` in turn (then 200), anything else 200.
final class WebhookReceiver: @unchecked Sendable {
  /// One request as received.
  struct Received: Sendable {
    var path: String
    var headers: HTTPHeaders
    var body: [UInt8]

    func header(_ name: String) -> String? { headers.first(name: name) }
    func json() throws -> JSONValue { try JSONParser.parse(body) }
    var text: String { String(decoding: body, as: UTF8.self) }
  }

  private let lock = NSLock()
  private var received: [Received] = []
  private var script: [Int] = []
  private var channel: (any Channel)?
  private(set) var port = 0

  var baseURL: String { "http://127.0.0.1:\(port)" }

  /// The requests so far, in arrival order (optionally of one path).
  func requests(_ path: String? = nil) -> [Received] {
    lock.withLock { received.filter { path == nil || $0.path == path } }
  }

  /// Statuses `/scripted` answers next, in order.
  func setScript(_ statuses: [Int]) { lock.withLock { script = statuses } }

  /// Starts a receiver, runs `body`, stops it.
  static func with(_ body: (WebhookReceiver) async throws -> Void) async throws {
    let receiver = WebhookReceiver()
    try await receiver.start()
    do {
      try await body(receiver)
      try? await receiver.channel?.close()
    } catch {
      try? await receiver.channel?.close()
      throw error
    }
  }

  func start() async throws {
    let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .serverChannelOption(.backlog, value: 256)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .childChannelInitializer { channel in
        channel.pipeline.configureHTTPServerPipeline().flatMap {
          channel.pipeline.addHandler(Handler(receiver: self))
        }
      }
    let channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
    self.channel = channel
    port = channel.localAddress?.port ?? 0
  }

  /// Records a request; returns the status to answer, or nil to never answer.
  fileprivate func record(_ request: Received) -> Int? {
    lock.withLock {
      received.append(request)
      if request.path == "/never" { return nil }
      if request.path == "/scripted" { return script.isEmpty ? 200 : script.removeFirst() }
      if request.path.hasPrefix("/status/") { return Int(request.path.dropFirst(8)) ?? 200 }
      return 200
    }
  }

  private final class Handler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let receiver: WebhookReceiver
    var head: HTTPRequestHead?
    var body: [UInt8] = []

    init(receiver: WebhookReceiver) { self.receiver = receiver }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
      switch unwrapInboundIn(data) {
      case .head(let head):
        self.head = head
        body = []
      case .body(let buffer):
        body += Array(buffer.readableBytesView)
      case .end:
        guard let head else { return }
        let path = String(head.uri.split(separator: "?", maxSplits: 1).first ?? "")
        guard let status = receiver.record(Received(path: path, headers: head.headers, body: body)) else { return }
        var headers = HTTPHeaders([("content-length", "2"), ("content-type", "application/json")])
        if (300...399).contains(status) { headers.add(name: "location", value: "http://127.0.0.1:1/elsewhere") }
        let response = HTTPResponseHead(
          version: head.version, status: HTTPResponseStatus(statusCode: status), headers: headers)
        context.write(wrapOutboundOut(.head(response)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: "{}")))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
      }
    }
  }
}
