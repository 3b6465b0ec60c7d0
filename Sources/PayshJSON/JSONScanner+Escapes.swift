extension JSONScanner {
  /// Decodes one escape sequence at the current backslash into `scratch`; a `\u` high surrogate must be
  /// followed by a `\u` low surrogate, and the pair becomes one scalar.
  mutating func escape() throws(JSONParseError) {
    let start = index
    index += 1
    guard let byte = peek() else { throw error("unterminated string: '\\' at the end of input") }
    index += 1
    let simple: UInt8? =
      switch byte {
      case UInt8(ascii: "\""): 0x22
      case UInt8(ascii: "\\"): 0x5C
      case UInt8(ascii: "/"): 0x2F
      case UInt8(ascii: "b"): 0x08
      case UInt8(ascii: "f"): 0x0C
      case UInt8(ascii: "n"): 0x0A
      case UInt8(ascii: "r"): 0x0D
      case UInt8(ascii: "t"): 0x09
      default: nil
      }
    if let simple {
      appendScratch(simple)
      return
    }
    guard byte == UInt8(ascii: "u") else {
      throw error("invalid escape '\\\(describeEscaped(byte))' in a string", at: start)
    }
    let unit = try hexQuad(escapeStart: start)
    switch unit {
    case 0xD800...0xDBFF:
      guard consume(UInt8(ascii: "\\")), consume(UInt8(ascii: "u")) else {
        throw error("unpaired surrogate \\u\(hexText(unit)): a high surrogate must be followed by a low one", at: start)
      }
      let low = try hexQuad(escapeStart: index - 2)
      guard (0xDC00...0xDFFF).contains(low) else {
        throw error(
          "unpaired surrogate \\u\(hexText(unit)): followed by \\u\(hexText(low)), not a low surrogate", at: start)
      }
      appendScalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
    case 0xDC00...0xDFFF:
      throw error("unpaired surrogate \\u\(hexText(unit)): a low surrogate without a high one", at: start)
    default:
      appendScalar(unit)
    }
  }

  /// The four hex digits after `\u`.
  private mutating func hexQuad(escapeStart: Int) throws(JSONParseError) -> UInt32 {
    var unit: UInt32 = 0
    for _ in 0..<4 {
      guard let byte = peek(), let digit = JSONUTF8.hexValue(byte) else {
        throw error("expected four hex digits after '\\u'", at: escapeStart)
      }
      unit = unit << 4 | digit
      index += 1
    }
    return unit
  }

  private func hexText(_ unit: UInt32) -> String {
    hex(UInt8(unit >> 8)) + hex(UInt8(unit & 0xFF))
  }

  private func describeEscaped(_ byte: UInt8) -> String {
    byte >= 0x21 && byte < 0x7F ? String(Character(Unicode.Scalar(byte))) : "\\x" + hex(byte)
  }
}
