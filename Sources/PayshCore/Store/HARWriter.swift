import PayshJSON

#if canImport(Glibc)
import Glibc
#endif

/// A session's snapshots as an HTTP Archive (HAR 1.2), which browser devtools and Postman load.
///
/// Everything comes from the stored snapshots, already redacted: no secret can reach the archive that
/// did not reach the store (and none does). Bodies that are not UTF-8 are written base64-encoded.
/// See http://www.softwareishard.com/blog/har-12-spec/.
public struct HARWriter {
  public var creatorVersion: String

  public init(creatorVersion: String = PayshVersion.current) {
    self.creatorVersion = creatorVersion
  }

  /// The archive of `snapshots` as pretty JSON text.
  public func archive(_ snapshots: [Snapshot], sessionLabel: String) -> String {
    let log: JSONValue = .object(
      JSONObject([
        .init("version", .string("1.2")),
        .init(
          "creator", .object(JSONObject([.init("name", .string("paysh")), .init("version", .string(creatorVersion))]))),
        .init("pages", .array([])),
        // A listening's record is no HTTP exchange: it stays in the session, not in the archive.
        .init(
          "entries",
          .array(
            snapshots.filter { $0.resource != Snapshot.listeningResource }.map { entry($0, sessionLabel: sessionLabel) }
          )),
        .init("comment", .string("paysh session \(sessionLabel)")),
      ]))
    return JSONPrinter(style: .plain).pretty(.object(JSONObject([.init("log", log)]))) + "\n"
  }

  func entry(_ snapshot: Snapshot, sessionLabel: String) -> JSONValue {
    // A received webhook is the gateway's request to paysh: its body is the request's, paysh's answer the
    // response (its verdict in the x-paysh-* headers).
    var snapshot = snapshot
    if snapshot.isWebhook {
      snapshot.requestBody = String(decoding: snapshot.body, as: UTF8.self)
      snapshot.body = Array(WebhookReception.answerText.utf8)
    }
    let milliseconds = JSONValue.number(JSONNumber(text: HARWriter.milliseconds(snapshot.latencyMicroseconds)))
    var request: [JSONObject.Member] = [
      .init("method", .string(snapshot.method)), .init("url", .string(snapshot.url)),
      .init("httpVersion", .string("HTTP/1.1")), .init("cookies", .array([])),
      .init("headers", HARWriter.headers(snapshot.requestHeaders)),
      .init("queryString", HARWriter.query(snapshot.url)), .init("headersSize", .number(JSONNumber(-1))),
      .init("bodySize", .number(JSONNumber(snapshot.requestBody.map { $0.utf8.count } ?? 0))),
    ]
    if let body = snapshot.requestBody {
      let type = snapshot.requestHeaders.first("content-type") ?? "application/json"
      request.append(
        .init("postData", .object(JSONObject([.init("mimeType", .string(type)), .init("text", .string(body))]))))
    }
    var content: [JSONObject.Member] = [
      .init("size", .number(JSONNumber(snapshot.body.count))),
      .init("mimeType", .string(snapshot.responseHeaders.first("content-type") ?? "application/json")),
    ]
    if let text = String(validating: snapshot.body, as: UTF8.self) {
      content.append(.init("text", .string(text)))
    } else {
      content.append(.init("text", .string(Base64.encode(snapshot.body))))
      content.append(.init("encoding", .string("base64")))
    }
    let response: [JSONObject.Member] = [
      .init("status", .number(JSONNumber(snapshot.status))),
      .init("statusText", .string(HARWriter.reason(snapshot.status))),
      .init("httpVersion", .string("HTTP/1.1")), .init("cookies", .array([])),
      .init("headers", HARWriter.headers(snapshot.responseHeaders)), .init("content", .object(JSONObject(content))),
      .init("redirectURL", .string("")), .init("headersSize", .number(JSONNumber(-1))),
      .init("bodySize", .number(JSONNumber(snapshot.body.count))),
    ]
    return .object(
      JSONObject([
        .init("startedDateTime", .string(snapshot.fetchedAt)), .init("time", milliseconds),
        .init("request", .object(JSONObject(request))), .init("response", .object(JSONObject(response))),
        .init("cache", .object(JSONObject())),
        .init(
          "timings",
          .object(
            JSONObject([
              .init("send", .number(JSONNumber(0))), .init("wait", milliseconds),
              .init("receive", .number(JSONNumber(0))),
            ]))),
        .init("comment", .string("\(sessionLabel) @\(snapshot.number) \(snapshot.gateway) \(snapshot.resource)")),
      ]))
  }

  static func headers(_ headers: [HTTPHeader]) -> JSONValue {
    .array(headers.map { .object(JSONObject([.init("name", .string($0.name)), .init("value", .string($0.value))])) })
  }

  /// The URL's query as HAR name/value pairs, as written (not decoded).
  static func query(_ url: String) -> JSONValue {
    guard let mark = url.firstIndex(of: "?") else { return .array([]) }
    let query = url[url.index(after: mark)...].prefix { $0 != "#" }
    return .array(
      query.split(separator: "&").map { pair in
        let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        return .object(
          JSONObject([
            .init("name", .string(String(parts[0]))), .init("value", .string(parts.count > 1 ? String(parts[1]) : "")),
          ]))
      })
  }

  /// Microseconds as milliseconds with three decimals: `12.345`.
  static func milliseconds(_ micros: Int) -> String {
    let fraction = String(micros % 1000)
    return "\(micros / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
  }

  static func reason(_ status: Int) -> String {
    switch status {
    case 200: "OK"
    case 201: "Created"
    case 204: "No Content"
    case 400: "Bad Request"
    case 401: "Unauthorized"
    case 403: "Forbidden"
    case 404: "Not Found"
    case 409: "Conflict"
    case 422: "Unprocessable Entity"
    case 429: "Too Many Requests"
    case 500: "Internal Server Error"
    case 502: "Bad Gateway"
    case 503: "Service Unavailable"
    case 504: "Gateway Timeout"
    default: ""
    }
  }

  /// Writes `text` to a new file at `path` with mode 0600; refuses to replace an existing file.
  public static func write(_ text: String, to path: String) throws(StoreError) {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else {
      let reason =
        errno == EEXIST ? "the file exists; remove it or choose another name" : String(cString: strerror(errno))
      throw .cannotWrite(path, detail: reason)
    }
    defer { close(descriptor) }
    var bytes = Array(text.utf8)
    var written = 0
    while written < bytes.count {
      let count = bytes.withUnsafeMutableBytes {
        Glibc.write(descriptor, $0.baseAddress! + written, $0.count - written)
      }
      if count < 0, errno == EINTR { continue }
      guard count > 0 else { throw .cannotWrite(path, detail: String(cString: strerror(errno))) }
      written += count
    }
  }
}
