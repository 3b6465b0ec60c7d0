import Foundation
import HTTPTypes
import Hummingbird
import PayshJSON

/// A response before it goes on the wire: faults may still rewrite it.
struct SimResponse: Sendable {
  var status: Int
  var headers: [(String, String)] = []
  var body: [UInt8] = []

  init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
    self.status = status
    self.headers = headers
    self.body = body
  }

  /// A JSON response (compact, members in stored order).
  static func json(_ value: JSONValue, status: Int = 200, contentType: String = "application/json") -> SimResponse {
    SimResponse(status: status, headers: [("Content-Type", contentType)], body: value.compactBytes)
  }

  /// Sets (replacing) a header.
  mutating func setHeader(_ name: String, _ value: String) {
    headers.removeAll { $0.0.lowercased() == name.lowercased() }
    headers.append((name, value))
  }

  /// The header fields in Hummingbird's form.
  var fields: HTTPFields {
    var fields = HTTPFields()
    for (name, value) in headers {
      if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
    }
    return fields
  }

  /// The Hummingbird response with this status, headers and body.
  var hummingbird: Response {
    Response(
      status: HTTPResponse.Status(code: status), headers: fields,
      body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
  }
}

/// One incoming request as the gateway handlers see it: headers, decoded path parameters, body bytes.
struct Incoming: Sendable {
  var method: String
  var path: String
  var query: String
  var headers: HTTPFields
  var parameters: [String: String]
  var body: [UInt8]

  /// A header value (case-insensitive name).
  func header(_ name: String) -> String? {
    guard let fieldName = HTTPField.Name(name) else { return nil }
    return headers[fieldName]
  }

  /// A percent-decoded path parameter.
  func parameter(_ name: String) -> String { parameters[name] ?? "" }

  /// A query parameter value (first occurrence, percent-decoded).
  func queryValue(_ name: String) -> String? {
    for pair in query.split(separator: "&") {
      let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
      if parts.first == name { return (parts.count > 1 ? parts[1] : "").removingPercentEncoding }
    }
    return nil
  }

  /// The body parsed as JSON.
  func json() throws -> JSONValue { try JSONParser.parse(body) }

  /// The body parsed as `application/x-www-form-urlencoded`.
  func form() -> [String: String] {
    var fields: [String: String] = [:]
    let text = String(decoding: body, as: UTF8.self)
    for pair in text.split(separator: "&") {
      let parts = pair.split(separator: "=", maxSplits: 1).map {
        String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
      }
      if let key = parts.first, fields[key] == nil { fields[key] = parts.count > 1 ? parts[1] : "" }
    }
    return fields
  }

  /// The `user:password` pair of a Basic authorization header.
  var basicCredentials: (user: String, password: String)? {
    guard let value = header("authorization"), value.lowercased().hasPrefix("basic ") else { return nil }
    let encoded = value.dropFirst(6).trimmingCharacters(in: .whitespaces)
    guard let data = Data(base64Encoded: encoded), let text = String(data: data, encoding: .utf8),
      let colon = text.firstIndex(of: ":")
    else { return nil }
    return (String(text[..<colon]), String(text[text.index(after: colon)...]))
  }

  /// The token of a Bearer authorization header.
  var bearerToken: String? {
    guard let value = header("authorization") else { return nil }
    guard value.lowercased().hasPrefix("bearer ") else { return nil }
    return value.dropFirst(7).trimmingCharacters(in: .whitespaces)
  }
}
