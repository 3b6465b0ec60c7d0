import PayshJSON

/// A webhook as a merchant's logs kept it: the headers it came with and its body, byte for byte. Read from
/// a body file with the headers given as options, from a raw HTTP request, or from an entry of a HAR file.
public struct CapturedWebhook: Sendable, Hashable {
  public var headers: [HTTPHeader]
  public var body: [UInt8]
  /// Where in its file it was found, when the file held more than one (`entry 3 of 5: POST https://…`).
  public var origin: String?

  public init(headers: [HTTPHeader], body: [UInt8], origin: String? = nil) {
    self.headers = headers
    self.body = body
    self.origin = origin
  }

  public func header(_ name: String) -> String? { headers.first(name) }

  /// Why a capture could not be read: one sentence saying where.
  public struct Unreadable: Error, Sendable, Hashable {
    public var reason: String
  }

  /// A raw HTTP request as a proxy or `nc -l` logs it: request line, headers, a blank line, the body
  /// (its `Content-Length` bytes, or chunked, or the rest).
  public static func request(_ bytes: [UInt8]) throws(Unreadable) -> CapturedWebhook {
    guard let (head, bodyStart) = headEnd(bytes) else {
      throw Unreadable(reason: "no blank line ends the headers: this is not a raw HTTP request")
    }
    let lines = String(decoding: withoutCR(bytes[..<head]), as: UTF8.self).split(omittingEmptySubsequences: false) {
      $0 == "\n" || $0 == "\r\n"
    }
    guard let first = lines.first, first.split(separator: " ").count == 3 else {
      throw Unreadable(reason: "the first line is not a request line (`POST /path HTTP/1.1`)")
    }
    var headers: [HTTPHeader] = []
    for (index, line) in lines.dropFirst().enumerated() where !line.isEmpty {
      guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
        throw Unreadable(reason: "header line \(index + 2) has no `name: value`")
      }
      headers.append(
        HTTPHeader(String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingSpaces()))
    }
    if let twice = headers.conflicting(["content-length"]) {
      throw Unreadable(reason: "it has two different \(twice) headers: which body was signed is unclear")
    }
    let rest = Array(bytes[bodyStart...])
    if headers.first("transfer-encoding")?.lowercased().contains("chunked") == true {
      return CapturedWebhook(headers: headers, body: try dechunked(rest))
    }
    if let length = headers.first("content-length") {
      guard let count = Int(length), count >= 0 else {
        throw Unreadable(reason: "Content-Length '\(length)' is not a number")
      }
      guard count <= rest.count else {
        throw Unreadable(
          reason: "Content-Length says \(count) bytes but \(rest.count) follow the headers: the capture is cut short")
      }
      return CapturedWebhook(headers: headers, body: Array(rest[..<count]))
    }
    return CapturedWebhook(headers: headers, body: rest)
  }

  /// Entry `entry` (1-based) of a HAR file, or the first whose request carries `x-webhook-signature`.
  public static func har(_ bytes: [UInt8], entry: Int?) throws(Unreadable) -> CapturedWebhook {
    guard let root = try? JSONParser.parse(bytes), case .array(let entries)? = root["log"]?["entries"] else {
      throw Unreadable(reason: "not a HAR file: no JSON `log.entries` list")
    }
    func headers(_ request: JSONValue) -> [HTTPHeader] {
      guard case .array(let list)? = request["headers"] else { return [] }
      return list.compactMap { item in
        guard let name = item["name"]?.stringValue, let value = item["value"]?.stringValue else { return nil }
        return HTTPHeader(name, value)
      }
    }
    let index: Int
    if let entry {
      guard entries.indices.contains(entry - 1) else {
        throw Unreadable(reason: "the HAR file has \(entries.count) entries, not an entry \(entry)")
      }
      index = entry - 1
    } else if let found = entries.firstIndex(where: {
      $0["request"].map { headers($0).first("x-webhook-signature") != nil } ?? false
    }) {
      index = found
    } else if entries.count == 1 {
      index = 0
    } else {
      throw Unreadable(
        reason: "none of the HAR file's \(entries.count) entries carries x-webhook-signature: name one with --entry N")
    }
    guard let request = entries[index]["request"] else {
      throw Unreadable(reason: "entry \(index + 1) of the HAR file has no request")
    }
    let text = request["postData"]?["text"]?.stringValue ?? ""
    let line = [request["method"]?.stringValue, request["url"]?.stringValue].compactMap { $0 }.joined(separator: " ")
    let origin = "entry \(index + 1) of \(entries.count)" + (line.isEmpty ? "" : ": \(line)")
    if request["postData"]?["encoding"]?.stringValue == "base64" {
      guard let decoded = Base64.decode(text) else {
        throw Unreadable(reason: "entry \(index + 1)'s body is marked base64 but is not")
      }
      return CapturedWebhook(headers: headers(request), body: decoded, origin: origin)
    }
    return CapturedWebhook(headers: headers(request), body: Array(text.utf8), origin: origin)
  }

  /// Where the headers end (`\r\n\r\n` or `\n\n`): the end of the last header line and the body's start.
  static func headEnd(_ bytes: [UInt8]) -> (Int, Int)? {
    var index = 0
    while index < bytes.count {
      if bytes[index] == 10 {
        if index + 1 < bytes.count, bytes[index + 1] == 10 { return (index, index + 2) }
        if index + 2 < bytes.count, bytes[index + 1] == 13, bytes[index + 2] == 10 { return (index, index + 3) }
      }
      index += 1
    }
    return nil
  }

  /// `line` without the carriage return that ends it in a CRLF capture.
  static func withoutCR(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> { line.last == 13 ? line.dropLast() : line }

  /// A chunked body put back together.
  static func dechunked(_ bytes: [UInt8]) throws(Unreadable) -> [UInt8] {
    var out: [UInt8] = []
    var at = 0
    while true {
      guard let end = bytes[at...].firstIndex(of: 10) else {
        throw Unreadable(reason: "a chunk has no size line: the chunked body is cut short")
      }
      let line = String(decoding: withoutCR(bytes[at..<end]), as: UTF8.self).trimmingSpaces()
      let hex = line.split(separator: ";").first.map(String.init) ?? ""
      guard hex.count <= 8, let size = Int(hex, radix: 16), size >= 0 else {
        throw Unreadable(reason: "chunk size '\(TerminalText.inline(line))' is not hexadecimal")
      }
      at = end + 1
      if size == 0 { return out }
      guard bytes.count - at >= size else { throw Unreadable(reason: "the chunked body is cut short") }
      out.append(contentsOf: bytes[at..<at + size])
      at += size
      if at < bytes.count, bytes[at] == 13 { at += 1 }
      if at < bytes.count, bytes[at] == 10 { at += 1 }
    }
  }
}
