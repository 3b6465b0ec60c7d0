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

  /// The shell variable holding a credential: the one it came from, else the gateway's default name.
  func variable(_ field: String) -> ShellWord.Piece { .variable(variables[field] ?? field.uppercased()) }

  /// Every word is a `ShellWord`: what came from the snapshot (URL, headers, ids, bodies; a shared file can
  /// hold anything there) is quoted text, credentials are variable references, and nothing else is written.
  func command(_ words: [ShellWord]) -> String {
    words.map(\.rendered).joined(separator: " ")
  }

  func cashfree() -> [String] {
    var parts = [command([.text("curl"), .text("-sS"), .text(snapshot.url)])]
    for header in snapshot.requestHeaders {
      let value: ShellWord
      switch header.name.lowercased() {
      case "x-client-id": value = ShellWord([.text("x-client-id: "), variable("client_id")])
      case "x-client-secret": value = ShellWord([.text("x-client-secret: "), variable("client_secret")])
      default: value = .text("\(header.name): \(header.value)")
      }
      parts.append(command([.text("-H"), value]))
    }
    return [parts.joined(separator: " \\\n  ")]
  }

  func paytring() -> [String] {
    let id = requestBodyValue("id") ?? snapshot.orderID
    let key = variable("key")
    let secret = variable("secret")
    let v1 = snapshot.url.contains("/api/v1/")
    // sha512(id|key|secret), the id as it was sent.
    let preimage = ShellWord([.text(id + "|"), key, .text("|"), secret])
    var lines = ["PAYTRING_HASH=$(printf '%s' \(preimage.rendered) | sha512sum | cut -d' ' -f1)"]
    var parts = [command([.text("curl"), .text("-sS"), .text("-X"), .text("POST"), .text(snapshot.url)])]
    if !v1 { parts.append(command([.text("-u"), ShellWord([key, .text(":"), secret])])) }
    parts.append(command([.text("-H"), .text("content-type: application/json")]))
    // The body paysh sent, the key and hash as variables: the id written as JSON writes it.
    let body = ShellWord([
      .text("{\"key\":\""), key, .text("\",\"id\":" + JSONPrinter.quoted(id) + ",\"hash\":\""),
      .variable("PAYTRING_HASH"), .text("\"}"),
    ])
    parts.append(command([.text("--data"), body]))
    lines.append(parts.joined(separator: " \\\n  "))
    return lines
  }

  func enkash() -> [String] {
    let root = CurlRecipe.root(of: snapshot.url) ?? snapshot.url
    let token = [
      "ENKASH_TOKEN=$("
        + command([.text("curl"), .text("-sS"), .text("-X"), .text("POST"), .text(root + "/oauth/token")]),
      "  " + command([.text("-u"), ShellWord([variable("client_id"), .text(":"), variable("client_secret")])]),
      "  "
        + command([
          .text("--data-urlencode"), ShellWord([.text("username="), variable("username")]), .text("--data-urlencode"),
          ShellWord([.text("password="), variable("password")]),
        ]),
      "  "
        + command([
          .text("--data-urlencode"), .text("grant_type=password"), .text("--data-urlencode"),
          ShellWord([.text("clientId="), variable("client_id")]),
        ]) + " | jq -r .access_token)",
    ].joined(separator: " \\\n")
    let fetch = [
      command([.text("curl"), .text("-sS"), .text("-X"), .text("POST"), .text(snapshot.url)]),
      command([.text("-H"), ShellWord([.text("authorization: Bearer "), .variable("ENKASH_TOKEN")])]),
      command([.text("-H"), .text("content-type: application/json")]),
      command([.text("--data"), .text(snapshot.requestBody ?? "{}")]),
    ].joined(separator: " \\\n  ")
    return [token, fetch]
  }

  func generic() -> String {
    command([.text("curl"), .text("-sS"), .text("-X"), .text(snapshot.method), .text(snapshot.url)])
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
}
