import Hummingbird
import NIOCore

/// Faults that rewrite or mangle a response body on its way out.
enum FaultBodies {
  /// The bytes the invalid-JSON fault appends after cutting the body in half.
  static let garbage = Array("<html><body>upstream error</body></html>".utf8)

  /// The response as it goes on the wire, with the body fault (if any) applied.
  static func apply(_ fault: SimFault?, to response: SimResponse, channel: any Channel) -> Response {
    guard let fault else { return response.hummingbird }
    var response = response
    let body = response.body
    switch fault.kind {
    case .invalidJSON:
      response.body = Array(body.prefix(body.count / 2)) + garbage
      return response.hummingbird
    case .hugeBody:
      response.body = padded(body, to: fault.sizeBytes)
      return response.hummingbird
    case .truncate:
      let half = ByteBuffer(bytes: body.prefix(max(1, body.count / 2)))
      let streamed = ResponseBody(contentLength: body.count) { writer in
        try await writer.write(half)
        try await Task.sleep(for: .milliseconds(50))
        try? await channel.close()
      }
      return Response(status: HTTPResponse.Status(code: response.status), headers: response.fields, body: streamed)
    case .trickle:
      let chunkSize = fault.chunkBytes
      let interval = fault.intervalMS
      let streamed = ResponseBody(contentLength: body.count) { writer in
        var offset = 0
        while offset < body.count {
          let end = min(body.count, offset + chunkSize)
          try await writer.write(ByteBuffer(bytes: body[offset..<end]))
          offset = end
          if offset < body.count { try await Task.sleep(for: .milliseconds(interval)) }
        }
        try await writer.finish(nil)
      }
      return Response(status: HTTPResponse.Status(code: response.status), headers: response.fields, body: streamed)
    case .latency, .rateLimit, .status, .reset, .redirect, .body:
      return response.hummingbird
    }
  }

  /// Valid JSON of at least `size` bytes: the body with a `_sim_padding` string member (or element) added.
  static func padded(_ body: [UInt8], to size: Int) -> [UInt8] {
    guard let last = body.last, last == UInt8(ascii: "}") || last == UInt8(ascii: "]") else { return body }
    let head = Array(body.dropLast())
    let separator = head.count > 1 ? "," : ""
    let prefix = Array((last == UInt8(ascii: "}") ? "\(separator)\"_sim_padding\":\"" : "\(separator)\"").utf8)
    let suffix = Array((last == UInt8(ascii: "}") ? "\"}" : "\"]").utf8)
    let fill = max(0, size - head.count - prefix.count - suffix.count)
    return head + prefix + [UInt8](repeating: UInt8(ascii: "x"), count: fill) + suffix
  }
}
