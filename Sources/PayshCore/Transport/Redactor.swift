import PayshJSON

#if canImport(Glibc)
import Glibc
#endif

/// Removes secrets before anything is shown, logged or stored: client secrets, tokens, passwords,
/// Authorization headers, request hashes, voucher PINs and full card numbers (masked to the last four).
///
/// Three nets, each enough alone for what it knows: header names, JSON member names (and form
/// fields), and the exact values of the secrets in use, wherever they appear.
public struct Redactor: Sendable {
  public static let mark = "[redacted]"

  /// Header names whose values are always secret.
  static let secretHeaders: Set<String> = [
    "authorization", "proxy-authorization", "x-client-secret", "cookie", "set-cookie", "x-api-key", "x-api-secret",
    // Webhook signatures: an HMAC of the body under the merchant's secret, kept out as the request hash is.
    "x-webhook-signature", "x-cashfree-signature", "x-paytring-signature",
  ]

  /// Member and field names whose values are secret, compared lower-cased with `_` and `-` removed.
  static let secretFields: Set<String> = [
    "hash", "password", "passwd", "secret", "clientsecret", "apisecret", "accesstoken", "refreshtoken", "token",
    "idtoken", "pin", "cvv", "cvc", "otp", "authorization",
  ]

  /// Member names that hold card numbers: masked to the last four rather than removed.
  static let cardFields: Set<String> = ["cardnumber", "cardno", "pan", "card"]

  /// `secretFields.contains(key)` without hashing: a member name is checked against a handful of short
  /// words, which compare as small strings (the JSON walk asks this for every member of every answer).
  static func isSecretField(_ key: String) -> Bool {
    switch key {
    case "hash", "password", "passwd", "secret", "clientsecret", "apisecret", "accesstoken", "refreshtoken", "token",
      "idtoken", "pin", "cvv", "cvc", "otp", "authorization":
      true
    default: false
    }
  }

  /// `cardFields.contains(key)`, the same way.
  static func isCardField(_ key: String) -> Bool {
    switch key {
    case "cardnumber", "cardno", "pan", "card": true
    default: false
    }
  }

  /// Exact secret values in use (credentials, tokens, computed hashes); at least 4 characters each.
  public var knownSecrets: [String]

  /// Each secret is known as it is, percent-encoded (as in a URL path or a form) and JSON-escaped, so none
  /// of its written forms escapes the exact-value net.
  public init(knownSecrets: [String] = []) {
    var forms = Set<String>()
    for secret in knownSecrets where secret.count >= 4 {
      forms.insert(secret)
      forms.insert(PathEncoding.segment(secret))
      forms.insert(String(JSONPrinter.quoted(secret).dropFirst().dropLast()))
    }
    self.knownSecrets = forms.sorted { $0.count > $1.count || ($0.count == $1.count && $0 < $1) }
  }

  static func fieldKey(_ name: String) -> String {
    let count = name.utf8.count
    // No field paysh redacts is this long even with separators: not worth folding.
    guard count <= 48 else { return "" }
    // ASCII fast path: lower-case and drop `_`/`-` byte by byte into a buffer on the stack (member names are
    // almost always ASCII, and short enough to become a small String with no allocation).
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { buffer -> String in
      var length = 0
      for byte in name.utf8 {
        if byte >= 0x80 { return String(name.lowercased().unicodeScalars.filter { $0 != "_" && $0 != "-" }) }
        if byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") { continue }
        buffer[length] = byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte
        length += 1
      }
      return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<length]), as: UTF8.self)
    }
  }

  /// Headers with secret values replaced.
  public func headers(_ headers: [HTTPHeader]) -> [HTTPHeader] {
    headers.map { header in
      if Redactor.secretHeaders.contains(header.name.lowercased()) { return HTTPHeader(header.name, Redactor.mark) }
      return HTTPHeader(header.name, text(header.value))
    }
  }

  /// A JSON value with secret members replaced and card numbers masked; `changed` tells whether
  /// anything was.
  public func json(_ value: JSONValue) -> (value: JSONValue, changed: Bool) {
    // Nothing is copied until something changes: an answer with no secret in it comes back as it was.
    switch value {
    case .object(let object):
      var members: [JSONObject.Member]?
      for (index, member) in object.members.enumerated() {
        let key = Redactor.fieldKey(member.key)
        var replacement: JSONValue?
        if Redactor.isSecretField(key), member.value != .null, member.value != .string("") {
          replacement = .string(Redactor.mark)
        } else if Redactor.isCardField(key), let card = member.value.scalarText {
          let masked = Redactor.maskCard(card)
          if masked != card || member.value.stringValue == nil { replacement = .string(masked) }
        } else {
          let inner = json(member.value)
          if inner.changed { replacement = inner.value }
        }
        if let replacement {
          if members == nil { members = Array(object.members[..<index]) }
          members?.append(.init(member.key, replacement))
        } else {
          members?.append(member)
        }
      }
      guard let members else { return (value, false) }
      return (.object(JSONObject(members)), true)
    case .array(let items):
      var redacted: [JSONValue]?
      for (index, item) in items.enumerated() {
        let inner = json(item)
        if inner.changed, redacted == nil { redacted = Array(items[..<index]) }
        redacted?.append(inner.value)
      }
      guard let redacted else { return (value, false) }
      return (.array(redacted), true)
    case .string(let string):
      let redacted = Redactor.looksLikeCardNumber(string) ? Redactor.maskCard(string) : text(string)
      return redacted == string ? (value, false) : (.string(redacted), true)
    case .number(let number):
      // A card number sent as a JSON number: masked, and so a string.
      // A sign, or a fraction of zeros (`4111111111111111.0`), does not hide one.
      var digits = Substring(number.text)
      if digits.first == "-" { digits = digits.dropFirst() }
      if let dot = digits.firstIndex(of: "."), digits[digits.index(after: dot)...].allSatisfy({ $0 == "0" }) {
        digits = digits[..<dot]
      }
      guard digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), Redactor.isCardRun(Array(digits.utf8)) else {
        return (value, false)
      }
      return (.string(Redactor.maskCard(String(digits))), true)
    default:
      return (value, false)
    }
  }

  /// `application/x-www-form-urlencoded` text with secret fields replaced.
  public func form(_ body: String) -> String {
    body.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      guard parts.count == 2 else { return text(String(pair)) }
      let key = Redactor.fieldKey(String(parts[0]))
      if Redactor.isSecretField(key) { return "\(parts[0])=\(Redactor.mark)" }
      return "\(parts[0])=\(text(String(parts[1])))"
    }.joined(separator: "&")
  }

  /// A URL with secret query parameters replaced.
  public func url(_ url: String) -> String {
    let url = Redactor.withoutUserInfo(url)
    guard let question = url.firstIndex(of: "?") else { return text(url) }
    return text(String(url[..<question])) + "?" + form(String(url[url.index(after: question)...]))
  }

  /// `https://user:password@host/path` → `https://[redacted]@host/path`: credentials in a URL never stay.
  static func withoutUserInfo(_ url: String) -> String {
    guard url.utf8.contains(UInt8(ascii: "@")), let colon = url.firstIndex(of: ":"), url[colon...].hasPrefix("://")
    else { return url }
    let start = url.index(colon, offsetBy: 3)
    let rest = url[start...]
    let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
    guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return url }
    return String(url[..<start]) + mark + String(rest[at...])
  }

  /// Any text with the known secret values replaced and card numbers inside it masked.
  public func text(_ text: String) -> String {
    let text = Redactor.maskingCards(in: text)
    guard !knownSecrets.isEmpty, let shortest = knownSecrets.last?.utf8.count, text.utf8.count >= shortest else {
      return text
    }
    var result = text
    for secret in knownSecrets where Redactor.occurs(secret, in: result) {
      result = result.replacingAll(secret, with: Redactor.mark)
    }
    return result
  }

  /// True when `text` holds one of the known secret values (a line that must not be kept anywhere).
  public func containsKnownSecret(_ text: String) -> Bool {
    knownSecrets.contains { Redactor.occurs($0, in: text) }
  }

  /// True when `needle` occurs in `haystack`, compared as UTF-8 bytes (memchr/memcmp, no Unicode machinery).
  static func occurs(_ needle: String, in haystack: String) -> Bool {
    var haystack = haystack
    var needle = needle
    return haystack.withUTF8 { hay in
      needle.withUTF8 { pin in
        guard pin.count <= hay.count, let hayBase = hay.baseAddress, let pinBase = pin.baseAddress else { return false }
        guard let first = pin.first else { return true }
        var index = 0
        let last = hay.count - pin.count
        while index <= last {
          // memchr finds candidates for the first byte; memcmp checks the rest.
          guard let found = memchr(hayBase + index, Int32(first), last - index + 1) else { return false }
          let at = hayBase.distance(to: found.assumingMemoryBound(to: UInt8.self))
          if memcmp(hayBase + at, pinBase, pin.count) == 0 { return true }
          index = at + 1
        }
        return false
      }
    }
  }

  /// `••••••••••••3456`: everything but the last four digits hidden.
  public static func maskCard(_ number: String) -> String {
    let digits = number.filter(\.isNumber)
    guard digits.count > 4 else { return String(repeating: "•", count: digits.count) }
    return String(repeating: "•", count: digits.count - 4) + digits.suffix(4)
  }

  /// 13 to 19 digits (spaces and dashes allowed) passing the Luhn check.
  public static func looksLikeCardNumber(_ text: String) -> Bool {
    let length = text.utf8.count
    guard length >= 13, length <= 23, let first = text.utf8.first, first >= 0x30, first <= 0x39 else { return false }
    var digits: [Int] = []
    for character in text {
      if let digit = character.wholeNumberValue, character.isASCII {
        digits.append(digit)
      } else if character != " " && character != "-" {
        return false
      }
    }
    guard (13...19).contains(digits.count) else { return false }
    var sum = 0
    for (index, digit) in digits.reversed().enumerated() {
      if index % 2 == 1 {
        let doubled = digit * 2
        sum += doubled > 9 ? doubled - 9 : doubled
      } else {
        sum += digit
      }
    }
    return sum % 10 == 0
  }
}

extension String {
  /// Every occurrence of `target` replaced, without Foundation.
  func replacingAll(_ target: String, with replacement: String) -> String {
    guard !target.isEmpty else { return self }
    var result = ""
    var rest = self[...]
    while let range = rest.firstRange(of: target) {
      result += rest[..<range.lowerBound]
      result += replacement
      rest = rest[range.upperBound...]
    }
    return result + rest
  }
}
