/// The curl commands that repeat a stored fetch, with every secret written as a `$VARIABLE` reference
/// (never its value), so the text can be pasted into a ticket.
struct CurlRecipe {
  let snapshot: Snapshot
  /// The variable that holds each credential (from where it came, or the gateway's default variable).
  let variables: [String: String]

  func render() -> String {
    var lines: [String] = []
    if snapshot.environment == "local" {
      lines.append("# local simulator: export its credentials first (paysh sim --credentials lists them)")
    }
    switch snapshot.gateway {
    case "cashfree": lines += cashfree()
    case "paytring": lines += paytring()
    case "enkash": lines += enkash()
    default: lines.append(generic())
    }
    return lines.joined(separator: "\n") + "\n"
  }

  func variable(_ field: String) -> String { "$" + (variables[field] ?? field.uppercased()) }

  func cashfree() -> [String] {
    var parts = ["curl -sS \(quote(snapshot.url))"]
    for header in snapshot.requestHeaders {
      switch header.name.lowercased() {
      case "x-client-id": parts.append("-H \"x-client-id: \(variable("client_id"))\"")
      case "x-client-secret": parts.append("-H \"x-client-secret: \(variable("client_secret"))\"")
      default: parts.append("-H \(quote("\(header.name): \(header.value)"))")
      }
    }
    return [parts.joined(separator: " \\\n  ")]
  }

  func paytring() -> [String] {
    let id = requestBodyValue("id") ?? snapshot.orderID
    let key = variable("key")
    let secret = variable("secret")
    let v1 = snapshot.url.contains("/api/v1/")
    var lines = [
      "PAYTRING_HASH=$(printf '%s' \(doubleQuote("\(id)|\(key)|\(secret)")) | sha512sum | cut -d' ' -f1)"
    ]
    var parts = ["curl -sS -X POST \(quote(snapshot.url))"]
    if !v1 { parts.append("-u \"\(key):\(secret)\"") }
    parts.append("-H 'content-type: application/json'")
    parts.append(
      "--data \"{\\\"key\\\":\\\"\(key)\\\",\\\"id\\\":\\\"\(escapeForDoubleQuotes(id))\\\",\\\"hash\\\":\\\"$PAYTRING_HASH\\\"}\""
    )
    lines.append(parts.joined(separator: " \\\n  "))
    return lines
  }

  func enkash() -> [String] {
    let root = CurlRecipe.root(of: snapshot.url) ?? snapshot.url
    let token = [
      "ENKASH_TOKEN=$(curl -sS -X POST \(quote(root + "/oauth/token"))",
      "  -u \"\(variable("client_id")):\(variable("client_secret"))\"",
      "  --data-urlencode \"username=\(variable("username"))\" --data-urlencode \"password=\(variable("password"))\"",
      "  --data-urlencode grant_type=password --data-urlencode \"clientId=\(variable("client_id"))\" | jq -r .access_token)",
    ].joined(separator: " \\\n")
    let fetch = [
      "curl -sS -X POST \(quote(snapshot.url))", "-H \"authorization: Bearer $ENKASH_TOKEN\"",
      "-H 'content-type: application/json'", "--data \(quote(snapshot.requestBody ?? "{}"))",
    ].joined(separator: " \\\n  ")
    return [token, fetch]
  }

  func generic() -> String {
    "curl -sS -X \(snapshot.method) \(quote(snapshot.url))"
  }

  func requestBodyValue(_ key: String) -> String? {
    guard let body = snapshot.requestBody, let json = try? JSONParser.parse(body) else { return nil }
    return json[key]?.stringValue
  }

  /// `scheme://host[:port]` of a URL.
  static func root(of url: String) -> String? {
    guard let colon = url.firstIndex(of: ":"), url[colon...].hasPrefix("://") else { return nil }
    let afterScheme = url.index(colon, offsetBy: 3)
    let end = url[afterScheme...].firstIndex(of: "/") ?? url.endIndex
    return String(url[..<end])
  }

  /// Single-quoted for the shell.
  func quote(_ text: String) -> String {
    "'" + text.replacingAll("'", with: "'\\''") + "'"
  }

  /// Double-quoted for the shell, so `$VARIABLES` inside expand; other specials escaped.
  func doubleQuote(_ text: String) -> String {
    "\"" + text.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"").replacingAll("`", with: "\\`") + "\""
  }

  func escapeForDoubleQuotes(_ text: String) -> String {
    text.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\\\\\"").replacingAll("$", with: "\\$")
      .replacingAll("`", with: "\\`")
  }
}
