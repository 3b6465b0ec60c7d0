/// The byte-level half of `JSONParser`: whitespace, strings, numbers and literals over a buffer.
///
/// Strings without escapes are validated in one pass and decoded straight from the buffer; strings with
/// escapes are assembled in a reused scratch buffer. Nothing is appended per character to a String.
struct JSONScanner {
  let bytes: UnsafeBufferPointer<UInt8>
  var index = 0
  private var scratch: [UInt8] = []

  init(_ bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
  }

  var atEnd: Bool { index >= bytes.count }

  func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

  mutating func advance() { index += 1 }

  /// Consumes `byte` when it is next.
  mutating func consume(_ byte: UInt8) -> Bool {
    guard index < bytes.count, bytes[index] == byte else { return false }
    index += 1
    return true
  }

  mutating func skipWhitespace() {
    while index < bytes.count {
      switch bytes[index] {
      case 0x20, 0x0A, 0x0D, 0x09: index += 1
      default: return
      }
    }
  }

  mutating func skipByteOrderMark() {
    if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
  }

  /// An error at the current position; "unexpected end of input" is prefixed when input ran out.
  func error(_ message: String) -> JSONParseError {
    error(message, at: index)
  }

  func error(_ message: String, at offset: Int) -> JSONParseError {
    let text = offset >= bytes.count ? "unexpected end of input: " + message : message
    return JSONParseError.at(offset, in: bytes, text)
  }

  /// The byte at the current position, for messages: `'x'`, `byte 0xFF`, or `end of input`.
  func describeCurrent() -> String {
    guard let byte = peek() else { return "end of input" }
    if byte >= 0x21, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
    return "byte 0x" + hex(byte)
  }

  /// A member name followed by its `:`.
  mutating func memberName() throws(JSONParseError) -> String {
    guard peek() == UInt8(ascii: "\"") else {
      throw error("expected a member name in double quotes, found \(describeCurrent())")
    }
    let name = try string()
    skipWhitespace()
    guard consume(UInt8(ascii: ":")) else { throw error("expected ':' after a member name") }
    return name
  }

  /// `true`, `false` or `null`; anything else that is not a value is reported here.
  mutating func literal() throws(JSONParseError) -> JSONValue {
    let start = index
    let word: StaticString
    let value: JSONValue
    switch bytes[start] {
    case UInt8(ascii: "t"): (word, value) = ("true", .bool(true))
    case UInt8(ascii: "f"): (word, value) = ("false", .bool(false))
    case UInt8(ascii: "n"): (word, value) = ("null", .null)
    default: throw notAValue()
    }
    let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
    guard bytes.count - start >= expected.count,
      expected.indices.allSatisfy({ bytes[start + $0] == expected[$0] })
    else {
      throw error("invalid literal: expected '\(word)'", at: start)
    }
    index += expected.count
    return value
  }

  /// The error for a byte that cannot start a value.
  private func notAValue() -> JSONParseError {
    let start = index
    switch bytes[start] {
    case UInt8(ascii: "/"): return error("comments are not allowed in JSON")
    case UInt8(ascii: "'"): return error("strings must use double quotes")
    case UInt8(ascii: "+"): return error("a number cannot start with '+'")
    case UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: ","):
      return error("expected a value, found \(describeCurrent())")
    default: return error("unexpected \(describeCurrent()): expected a value")
    }
  }

  /// A number, validated against RFC 8259 §6 and kept as its text.
  mutating func number() throws(JSONParseError) -> JSONNumber {
    let start = index
    _ = consume(UInt8(ascii: "-"))
    guard let first = peek(), isDigit(first) else { throw error("expected a digit after '-'") }
    index += 1
    if first == UInt8(ascii: "0") {
      if let next = peek(), isDigit(next) { throw error("leading zeros are not allowed in a number", at: start) }
    } else {
      skipDigits()
    }
    if consume(UInt8(ascii: ".")) {
      guard let next = peek(), isDigit(next) else { throw error("expected a digit after '.' in a number") }
      skipDigits()
    }
    if consume(UInt8(ascii: "e")) || consume(UInt8(ascii: "E")) {
      if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
      guard let next = peek(), isDigit(next) else { throw error("expected a digit in the number's exponent") }
      skipDigits()
    }
    return JSONNumber(text: String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
  }

  private mutating func skipDigits() {
    while index < bytes.count, isDigit(bytes[index]) { index += 1 }
  }

  private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

  /// A string starting at the opening quote; the scanner ends after the closing quote.
  mutating func string() throws(JSONParseError) -> String {
    let open = index
    index += 1
    let start = index
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        index += 1
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index - 1]), as: UTF8.self)
      }
      if byte == UInt8(ascii: "\\") {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
        return try escapedString(open: open)
      }
      try plainByte(byte)
    }
    throw error("unterminated string (it starts here)", at: open)
  }

  /// The rest of a string that has escapes, gathered in `scratch`.
  private mutating func escapedString(open: Int) throws(JSONParseError) -> String {
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        index += 1
        return String(decoding: scratch, as: UTF8.self)
      }
      if byte == UInt8(ascii: "\\") {
        try escape()
        continue
      }
      let runStart = index
      try plainByte(byte)
      while index < bytes.count {
        let next = bytes[index]
        if next == UInt8(ascii: "\"") || next == UInt8(ascii: "\\") { break }
        try plainByte(next)
      }
      scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
    }
    throw error("unterminated string (it starts here)", at: open)
  }

  /// Steps over one unescaped character (one to four bytes), checking it may appear raw in a string.
  private mutating func plainByte(_ byte: UInt8) throws(JSONParseError) {
    if byte >= 0x20, byte < 0x80 {
      index += 1
    } else if byte < 0x20 {
      throw error("control character U+00\(hex(byte)) must be escaped in a string")
    } else {
      guard let next = JSONUTF8.sequenceEnd(bytes, at: index) else {
        throw error("invalid UTF-8 (byte 0x\(hex(byte))) in a string")
      }
      index = next
    }
  }

  mutating func appendScratch(_ byte: UInt8) { scratch.append(byte) }

  mutating func appendScalar(_ scalar: UInt32) { JSONUTF8.append(scalar, to: &scratch) }

  func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
  }
}
