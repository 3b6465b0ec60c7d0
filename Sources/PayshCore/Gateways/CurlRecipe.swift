import PayshJSON

/// The curl commands that repeat a stored fetch, with every secret written as a `$VARIABLE` reference
/// (never its value), so the text can be pasted into a ticket.
struct CurlRecipe {
  let snapshot: Snapshot
  /// The variable that holds each credential (from where it came, or the gateway's default variable).
  let variables: [String: String]

  /// Why no recipe is written for a snapshot: it holds what no real fetch sends (a shared file can hold
  /// anything), and a recipe built from it could make curl read or write files.
  struct Refusal: Error {
    let message: String
  }

  func render() throws(Refusal) -> String {
    try check()
    var lines: [String] = []
    if let host = CurlRecipe.host(of: snapshot.url), !knownHost(host) {
      lines.append(
        "# warning: this sends your \(snapshot.gateway) credentials to \(host), not a host paysh knows for"
          + " \(snapshot.gateway): check it before you run it")
    }
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

  /// Every value the recipe passes to curl is one it cannot take as an option or a file: the URL goes after
  /// `--url` and must be http(s), bodies after `--data-raw`, and header names and the method must be HTTP
  /// tokens (so no `-H @file`), header values on one line.
  func check() throws(Refusal) {
    let lowered = snapshot.url.lowercased()
    guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") else {
      throw Refusal(message: "@\(snapshot.number)'s URL is not http(s): no curl recipe is written for it")
    }
    guard CurlRecipe.isToken(snapshot.method) else {
      throw Refusal(message: "@\(snapshot.number)'s method is not an HTTP method: no curl recipe is written for it")
    }
    for header in snapshot.requestHeaders {
      guard CurlRecipe.isToken(header.name), !header.value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" })
      else {
        throw Refusal(
          message: "@\(snapshot.number) holds a request header no HTTP client sends: no curl recipe is written for it")
      }
    }
  }

  /// RFC 9110 `token`: letters, digits and ``!#$%&'*+-.^_`|~``.
  static func isToken(_ text: String) -> Bool {
    !text.isEmpty
      && text.utf8.allSatisfy { byte in
        ShellWord.isNameByte(byte) || "!#$%&'*+-.^`|~".utf8.contains(byte)
      }
  }

  /// The host of an http(s) URL.
  static func host(of url: String) -> String? {
    guard let root = root(of: url), let slashes = root.range(of: "://") else { return nil }
    let authority = root[slashes.upperBound...]
    let hostPort = authority.split(separator: "@").last.map(String.init) ?? String(authority)
    if hostPort.hasPrefix("[") { return hostPort.split(separator: "]").first.map { $0 + "]" } }
    return hostPort.split(separator: ":").first.map(String.init)
  }

  /// Loopback, or a host the gateway's sandbox or production URL names.
  func knownHost(_ host: String) -> Bool {
    if host == "127.0.0.1" || host == "localhost" || host == "[::1]" { return true }
    guard let adapter = GatewayCatalog.adapter(named: snapshot.gateway) else { return false }
    return ["sandbox", "production"].contains { adapter.baseURL(for: $0).flatMap(CurlRecipe.host(of:)) == host }
  }

  /// The shell variable holding a credential: the one it came from, else the gateway's default name.
  func variable(_ field: String) -> ShellWord.Piece { .variable(variables[field] ?? field.uppercased()) }

  /// Every word is a `ShellWord`: what came from the snapshot (URL, headers, ids, bodies; a shared file can
  /// hold anything there) is quoted text, credentials are variable references, and nothing else is written.
  func command(_ words: [ShellWord]) -> String {
    words.map(\.rendered).joined(separator: " ")
  }

  func cashfree() -> [String] {
    var parts = [command([.text("curl"), .text("-sS"), .text("--url"), .text(snapshot.url)])]
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
    var parts = [
      command([.text("curl"), .text("-sS"), .text("-X"), .text("POST"), .text("--url"), .text(snapshot.url)])
    ]
    if !v1 { parts.append(command([.text("-u"), ShellWord([key, .text(":"), secret])])) }
    parts.append(command([.text("-H"), .text("content-type: application/json")]))
    // The body paysh sent, the key and hash as variables: the id written as JSON writes it.
    let body = ShellWord([
      .text("{\"key\":\""), key, .text("\",\"id\":" + JSONPrinter.quoted(id) + ",\"hash\":\""),
      .variable("PAYTRING_HASH"), .text("\"}"),
    ])
    parts.append(command([.text("--data-raw"), body]))
    lines.append(parts.joined(separator: " \\\n  "))
    return lines
  }

  func enkash() -> [String] {
    let root = CurlRecipe.root(of: snapshot.url) ?? snapshot.url
    let token = [
      "ENKASH_TOKEN=$("
        + command([
          .text("curl"), .text("-sS"), .text("-X"), .text("POST"), .text("--url"), .text(root + "/oauth/token"),
        ]),
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
      command([.text("curl"), .text("-sS"), .text("-X"), .text("POST"), .text("--url"), .text(snapshot.url)]),
      command([.text("-H"), ShellWord([.text("authorization: Bearer "), .variable("ENKASH_TOKEN")])]),
      command([.text("-H"), .text("content-type: application/json")]),
      command([.text("--data-raw"), .text(snapshot.requestBody ?? "{}")]),
    ].joined(separator: " \\\n  ")
    return [token, fetch]
  }

  func generic() -> String {
    command([.text("curl"), .text("-sS"), .text("-X"), .text(snapshot.method), .text("--url"), .text(snapshot.url)])
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
