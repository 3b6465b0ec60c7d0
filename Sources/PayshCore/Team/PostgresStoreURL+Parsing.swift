extension PostgresStoreURL {
  /// Parses `text` (a `postgres://` or `postgresql://` URL) given in `origin`.
  ///
  /// The password check comes first and looks at the raw text: a `:` anywhere before the last `@` is taken
  /// for a password (`USER:PASSWORD@`, even when the password holds `@`, `/` or `?`), and so is a `password=`
  /// parameter; a second `@` is refused too. So nothing a later check says can repeat a piece of a password.
  /// A user name, database or path holding `@` or `:` writes them `%40` and `%3A`.
  public init(parsing text: String, origin: String) throws(TeamStoreError) {
    func refuse(_ problem: String) -> TeamStoreError { .badURL(origin: origin, problem: problem) }
    if let (offset, scalar) = StoreURL.firstControl(in: text) {
      throw refuse("holds a control character (\(StoreURL.codePoint(scalar))) at character \(offset)")
    }
    guard let separator = text.range(of: "://"),
      StoreURL.postgresSchemes.contains(text[..<separator.lowerBound].lowercased())
    else {
      throw refuse("is not a PostgreSQL URL: write postgres://USER@HOST:PORT/DATABASE")
    }
    let rest = text[separator.upperBound...]
    guard let at = rest.firstIndex(of: "@"), let lastAt = rest.lastIndex(of: "@") else {
      throw refuse("names no user: write postgres://USER@HOST:PORT/DATABASE")
    }
    if rest[..<lastAt].contains(":") { throw .passwordInURL(origin: origin) }
    if at != lastAt { throw refuse("has more than one @: write an @ in a name or a path as %40") }
    let userText = rest[..<at]
    let afterUser = rest[rest.index(after: at)...]
    let query = afterUser.firstIndex(of: "?").map { afterUser[afterUser.index(after: $0)...] }
    let keys = Self.queryPairs(query ?? "").map { (try? Self.decoded($0.key, what: "", origin: origin)) ?? "" }
    if keys.contains(where: { $0.lowercased() == "password" }) { throw .passwordInURL(origin: origin) }

    let user = try Self.decoded(userText, what: "user name", origin: origin)
    guard !user.isEmpty else { throw refuse("names no user: write postgres://USER@HOST:PORT/DATABASE") }
    // `user%3Apassword@`: a password all the same, once decoded.
    if user.contains(":") { throw .passwordInURL(origin: origin) }
    if user.contains(where: { "/?#".contains($0) }) {
      throw refuse("has a user name with / ? or #: write them %2F %3F %23")
    }
    let base = query.map { afterUser[..<afterUser.index(before: $0.startIndex)] } ?? afterUser
    let authority = base.prefix(while: { $0 != "/" })
    let (host, port) = try Self.hostAndPort(authority, origin: origin)
    guard authority.endIndex < base.endIndex else {
      throw refuse("names no database: write postgres://USER@HOST:PORT/DATABASE")
    }
    let database = try Self.decoded(base[base.index(after: authority.endIndex)...], what: "database", origin: origin)
    guard !database.isEmpty else { throw refuse("names no database: write postgres://USER@HOST:PORT/DATABASE") }

    self.init(user: user, host: host, port: port, database: database)
    try applyParameters(query ?? "", origin: origin)
  }

  /// `HOST`, `HOST:PORT`, `[IPv6]` or `[IPv6]:PORT`; one host, a name or an address.
  static func hostAndPort(_ authority: Substring, origin: String) throws(TeamStoreError) -> (String, Int) {
    func refuse(_ problem: String) -> TeamStoreError { .badURL(origin: origin, problem: problem) }
    var hostText: Substring
    var portText: Substring?
    if authority.hasPrefix("[") {
      guard let close = authority.firstIndex(of: "]") else { throw refuse("has an IPv6 host without its closing ]") }
      hostText = authority[authority.index(after: authority.startIndex)..<close]
      let after = authority[authority.index(after: close)...]
      if !after.isEmpty {
        guard after.hasPrefix(":") else { throw refuse("has text after its IPv6 host: write [ADDRESS]:PORT") }
        portText = after.dropFirst()
      }
      guard !hostText.isEmpty, hostText.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
        throw refuse("has a bad IPv6 host '\(hostText)'")
      }
    } else {
      if let colon = authority.firstIndex(of: ":") {
        hostText = authority[..<colon]
        portText = authority[authority.index(after: colon)...]
      } else {
        hostText = authority
      }
      if hostText.contains(",") {
        throw refuse("names more than one host: paysh connects to one, write postgres://USER@HOST:PORT/DATABASE")
      }
      let host = try decoded(hostText, what: "host", origin: origin)
      if host.hasPrefix("/") {
        throw refuse("names a socket folder as its host: paysh connects over TCP, write the host's name or address")
      }
      guard !host.isEmpty else { throw refuse("names no host: write postgres://USER@HOST:PORT/DATABASE") }
      guard host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._".contains($0)) }) else {
        throw refuse("has a bad host name '\(host)': letters, digits, - . and _ only")
      }
      hostText = Substring(host)
    }
    guard let portText else { return (String(hostText), defaultPort) }
    guard portText.count <= 5, let port = Int(portText), portText.allSatisfy(\.isASCII), (1...65535).contains(port)
    else {
      let shown = portText.isEmpty ? "an empty port" : "a bad port '\(portText.prefix(20))'"
      throw refuse("has \(shown): a port is a number from 1 to 65535")
    }
    return (String(hostText), port)
  }

  /// Applies `sslmode`, `sslrootcert` and `connect_timeout`; anything else is refused by name.
  mutating func applyParameters(_ query: Substring, origin: String) throws(TeamStoreError) {
    func refuse(_ problem: String) -> TeamStoreError { .badURL(origin: origin, problem: problem) }
    var seen: Set<String> = []
    for (rawKey, rawValue) in Self.queryPairs(query) {
      let key = try Self.decoded(rawKey, what: "parameter name", origin: origin)
      let value = try Self.decoded(rawValue, what: "value of \(key)", origin: origin)
      guard Self.parameters.contains(key) else {
        let close = Suggestion.closest(to: key, in: Self.parameters).map { " (did you mean \($0)?)" } ?? ""
        throw refuse(
          "has the unknown parameter '\(key.prefix(40))'\(close): paysh takes "
            + Self.parameters.joined(separator: ", "))
      }
      guard seen.insert(key).inserted else { throw refuse("gives \(key) twice") }
      switch key {
      case "sslmode": sslMode = try Self.sslMode(value, origin: origin)
      case "sslrootcert":
        guard !value.isEmpty else { throw refuse("has an empty sslrootcert: name the CA file") }
        sslRootCert = value == "system" ? nil : value
      default:
        guard let seconds = Int(value), value.allSatisfy(\.isASCII), (1...600).contains(seconds) else {
          throw refuse("has a bad connect_timeout '\(value.prefix(20))': whole seconds from 1 to 600")
        }
        connectTimeout = .seconds(seconds)
      }
    }
    if seen.contains("sslrootcert"), sslMode != .verifyFull {
      throw refuse(
        "gives sslrootcert with sslmode=\(sslMode.rawValue): the CA file is used only by sslmode=verify-full")
    }
  }

  static func sslMode(_ value: String, origin: String) throws(TeamStoreError) -> SSLMode {
    if let mode = SSLMode(rawValue: value) { return mode }
    let problem: String
    switch value {
    case "allow", "prefer":
      problem =
        "has sslmode=\(value), which falls back to plain text without a word: use require or verify-full"
        + " (or disable, on loopback)"
    case "verify-ca":
      problem = "has sslmode=verify-ca, which does not check the server's name: use verify-full"
    default:
      let close = Suggestion.closest(to: value, in: SSLMode.allCases.map(\.rawValue)).map { " (did you mean \($0)?)" }
      problem = "has the unknown sslmode '\(value.prefix(20))'\(close ?? ""): use disable, require or verify-full"
    }
    throw .badURL(origin: origin, problem: problem)
  }

  /// `a=1&b=2` as pairs, raw (not yet decoded); empty pieces (`a=1&&b=2`) skipped.
  static func queryPairs(_ query: Substring) -> [(key: Substring, value: Substring)] {
    query.split(separator: "&").map { pair in
      guard let equals = pair.firstIndex(of: "=") else { return (pair, "") }
      return (pair[..<equals], pair[pair.index(after: equals)...])
    }
  }

  /// Percent-decoded text; a bad escape, text that is not UTF-8, or a decoded control character is refused.
  static func decoded(_ text: Substring, what: String, origin: String) throws(TeamStoreError) -> String {
    guard text.contains("%") else { return String(text) }
    var bytes: [UInt8] = []
    var utf8 = text.utf8[...]
    while let byte = utf8.first {
      utf8 = utf8.dropFirst()
      guard byte == UInt8(ascii: "%") else {
        bytes.append(byte)
        continue
      }
      guard utf8.count >= 2, let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) else {
        throw .badURL(origin: origin, problem: "has a bad %-escape in its \(what): % is followed by two hex digits")
      }
      bytes.append(value)
      utf8 = utf8.dropFirst(2)
    }
    guard let decoded = String(validating: bytes, as: UTF8.self) else {
      throw .badURL(origin: origin, problem: "has a \(what) that is not UTF-8 once its %-escapes are decoded")
    }
    if let (_, scalar) = StoreURL.firstControl(in: decoded) {
      throw .badURL(origin: origin, problem: "has a control character (\(StoreURL.codePoint(scalar))) in its \(what)")
    }
    return decoded
  }
}
