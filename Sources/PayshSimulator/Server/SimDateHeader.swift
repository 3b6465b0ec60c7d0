import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Stamps every answer's HTTP `Date` header with the simulator's clock (IMF-fixdate, RFC 9110 5.6.7).
///
/// Hummingbird sets `Date` from the machine's time after the responder has run, so the simulator's own
/// value is written on the way out instead, below Hummingbird: right after the HTTP/1 encoder's input, where
/// every response head passes (gateway answers, admin answers, fault answers, streamed bodies alike).
final class SimDateHeader: ChannelOutboundHandler, RemovableChannelHandler {
  typealias OutboundIn = HTTPServerResponsePart
  typealias OutboundOut = HTTPServerResponsePart

  let clock: SimulatorClock

  init(clock: SimulatorClock) { self.clock = clock }

  func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
    guard case .head(var head) = unwrapOutboundIn(data) else {
      context.write(data, promise: promise)
      return
    }
    head.headers.replaceOrAdd(name: "Date", value: SimTime.httpDate(clock.now))
    context.write(wrapOutboundOut(.head(head)), promise: promise)
  }
}

/// Hummingbird's HTTP/1 child channel with ``SimDateHeader`` added between the HTTP/1 encoder and
/// Hummingbird's own codec.
struct SimHTTP1Channel: ServerChildChannel {
  let inner: HTTP1Channel
  let clock: SimulatorClock

  func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<HTTP1Channel.Value> {
    let clock = self.clock
    return inner.setup(channel: channel, logger: logger).flatMapThrowing { value in
      let operations = channel.pipeline.syncOperations
      let encoder = try operations.handler(type: HTTPResponseEncoder.self)
      try operations.addHandler(SimDateHeader(clock: clock), position: .after(encoder))
      return value
    }
  }

  func handle(value: HTTP1Channel.Value, logger: Logger) async {
    await inner.handle(value: value, logger: logger)
  }

  /// The server builder for `Application(server:)`.
  static func builder(clock: SimulatorClock) -> HTTPServerBuilder {
    HTTPServerBuilder { responder in
      SimHTTP1Channel(inner: HTTP1Channel(responder: responder), clock: clock)
    }
  }
}
