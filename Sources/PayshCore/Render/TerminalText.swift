import PayshJSON

/// Text made safe for a terminal: the characters a terminal acts on (C0 and C1 controls, DEL, and the
/// bidirectional controls that reorder what is shown) written as visible escapes, `\u{1B}`, `\r`, `\u{202E}`.
///
/// Two uses, one rule:
/// - `inline` for a value from outside (a gateway's answer, a file, the store) shown inside a line of paysh's
///   own: everything a terminal would act on is escaped, newlines and tabs too, so a customer name cannot
///   start a line of its own or paint the screen.
/// - `safe` at the one place text is written (`OutputSink`): whatever a renderer let through, only newlines,
///   tabs and paysh's own colour codes (when colour is on) reach the terminal as they are.
public enum TerminalText {
  /// True for a scalar a terminal would act on, or that reorders text: C0 controls, DEL, C1 controls,
  /// U+061C, U+200E/U+200F, U+202A–U+202E, U+2066–U+2069, and the line and paragraph separators.
  @inline(__always)
  public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    if value < 0x20 || (value >= 0x7F && value <= 0x9F) { return true }
    if value < 0x61C { return false }
    switch value {
    case 0x61C, 0x200E, 0x200F, 0x2028...0x202E, 0x2066...0x2069: return true
    default: return false
    }
  }

  /// `text` with every character that `needsEscape` written as an escape, newlines and tabs included.
  public static func inline(_ text: String) -> String {
    rewrite(text, keepingLines: false, keepingStyle: false)
  }

  /// `text` as it may reach a terminal: newlines and tabs kept, paysh's own SGR colour codes kept when
  /// `keepingStyle` (`ESC [` digits and `;` then `m`, the only sequences paysh writes), every other
  /// character that `needsEscape` written as an escape.
  public static func safe(_ text: String, keepingStyle: Bool) -> String {
    rewrite(text, keepingLines: true, keepingStyle: keepingStyle)
  }

  /// Works on the UTF-8 bytes: text with nothing to escape (the common case, ₹ and · included) is checked
  /// in one pass and returned as it is; otherwise runs that need nothing are copied whole.
  static func rewrite(_ text: String, keepingLines: Bool, keepingStyle: Bool) -> String {
    var text = text
    return text.withUTF8 { bytes -> String? in
      var index = 0
      var runStart = 0
      var out: [UInt8]? = nil
      while index < bytes.count {
        let byte = bytes[index]
        if keepingLines, byte == 0x0A || byte == 0x09 {
          index += 1
          continue
        }
        if keepingStyle, byte == 0x1B, let end = styleSequenceEnd(bytes, from: index) {
          index = end + 1
          continue
        }
        guard let (scalar, length) = escapable(bytes, at: index) else {
          index += 1
          continue
        }
        if out == nil { out = Array(); out?.reserveCapacity(bytes.count + 16) }
        out?.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
        out?.append(contentsOf: escape(scalar).utf8)
        index += length
        runStart = index
      }
      guard var out else { return nil }
      out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
      return String(decoding: out, as: UTF8.self)
    } ?? text
  }

  /// The character that needs escaping whose UTF-8 encoding starts at `index`, and its length in bytes;
  /// nil for any other byte. Only C0, DEL, `C2 80–9F` (C1), `D8 9C` (U+061C) and `E2 80`/`E2 81` sequences
  /// can be one.
  @inline(__always)
  static func escapable(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int)? {
    let byte = bytes[index]
    if byte < 0x20 || byte == 0x7F { return (Unicode.Scalar(byte), 1) }
    guard byte == 0xC2 || byte == 0xD8 || byte == 0xE2, index + 1 < bytes.count else { return nil }
    let second = bytes[index + 1]
    if byte == 0xC2 {
      return second >= 0x80 && second <= 0x9F ? (Unicode.Scalar(second), 2) : nil
    }
    if byte == 0xD8 { return second == 0x9C ? ("\u{061C}", 2) : nil }
    guard second == 0x80 || second == 0x81, index + 2 < bytes.count else { return nil }
    let value = 0x2000 | UInt32(second & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
    guard let scalar = Unicode.Scalar(value), needsEscape(scalar) else { return nil }
    return (scalar, 3)
  }

  /// The SGR parameters paysh writes (`TextStyle`, `JSONOutput`): reset, bold, dim, the six colours, bold blue.
  /// Only these pass, so a value from outside that slipped through cannot conceal text or pick colours.
  static let ownStyles: Set<String> = ["0", "1", "2", "31", "32", "33", "34", "35", "36", "1;34"]

  /// The index of the `m` ending an SGR sequence `ESC [ PARAMETERS m` that starts at `start`, when its
  /// parameters are one of `ownStyles`.
  static func styleSequenceEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
    guard start + 2 < bytes.count, bytes[start + 1] == UInt8(ascii: "[") else { return nil }
    var index = start + 2
    while index < bytes.count, index - start < 8 {
      let byte = bytes[index]
      if byte == UInt8(ascii: "m") {
        let parameters = String(decoding: UnsafeBufferPointer(rebasing: bytes[(start + 2)..<index]), as: UTF8.self)
        return ownStyles.contains(parameters) ? index : nil
      }
      guard byte == UInt8(ascii: ";") || (byte >= 0x30 && byte <= 0x39) else { return nil }
      index += 1
    }
    return nil
  }

  /// `\n`, `\r`, `\t`, or `\u{1B}`: the form a `.ops` double-quoted string reads back.
  static func escape(_ scalar: Unicode.Scalar) -> String {
    switch scalar {
    case "\n": "\\n"
    case "\r": "\\r"
    case "\t": "\\t"
    default: "\\u{" + hex(scalar.value, digits: 1) + "}"
    }
  }

  /// Upper-case hexadecimal, at least `digits` long.
  static func hex(_ value: UInt32, digits: Int) -> String {
    let text = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, digits - text.count)) + text
  }
}
