/// The byte buffer JSON is written into, by paysh (`JSONPrinter`, the store's records) and by the
/// simulator (its answers): escaping, colour codes and indentation, without building a String per token.
///
/// Strings are escaped per RFC 8259: `"` and `\`, the control characters `\b \f \n \r \t` in their short
/// forms and the rest below U+0020 as `\u00xx` (lower-case hex); `/` and other text are written as they
/// are, in UTF-8. Numbers are written as their literal text and members in their stored order, so
/// `JSONParser.parse` of the compact form gives the same value back.
package struct JSONOutput {
  package static let keyColour = "1;34"
  package static let stringColour = "32"
  package static let numberColour = "36"
  package static let boolColour = "33"
  package static let nullColour = "35"

  @usableFromInline package internal(set) var bytes: [UInt8] = []
  /// Colour codes around keys and scalars (SGR, as `TextStyle` writes them).
  package let colour: Bool
  /// Which further scalars to escape as `\uXXXX` (paysh passes `TerminalText.needsEscape`: DEL, the C1
  /// and the bidirectional controls), for JSON shown to people; nil for the wire form, which keeps them.
  /// Asked only of DEL and of scalars whose UTF-8 starts with 0xC2, 0xD8 or 0xE2.
  let visible: ((Unicode.Scalar) -> Bool)?

  package init(colour: Bool = false, visible: ((Unicode.Scalar) -> Bool)? = nil, capacity: Int = 0) {
    self.colour = colour
    self.visible = visible
    bytes.reserveCapacity(capacity)
  }

  package var string: String { String(decoding: bytes, as: UTF8.self) }

  @inlinable package mutating func byte(_ byte: UInt8) { bytes.append(byte) }

  @inlinable package mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

  package mutating func newline(indent: Int) {
    bytes.append(0x0A)
    bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
  }

  /// Runs `body` between the SGR code `code` and a reset when colour is on, as `TextStyle` does.
  package mutating func styled(_ code: String, _ body: (inout JSONOutput) -> Void) {
    guard colour else { return body(&self) }
    raw("\u{1B}[\(code)m")
    body(&self)
    raw("\u{1B}[0m")
  }

  /// `null`, a boolean, a number or a string, in its colour.
  package mutating func scalar(_ value: JSONValue) {
    switch value {
    case .null: styled(Self.nullColour) { $0.raw("null") }
    case .bool(let flag): styled(Self.boolColour) { $0.raw(flag ? "true" : "false") }
    case .number(let number): styled(Self.numberColour) { $0.raw(number.text) }
    case .string(let text): styled(Self.stringColour) { $0.quoted(text) }
    case .array, .object: compact(value)
    }
  }

  /// The value with no whitespace and no colour.
  package mutating func compact(_ value: JSONValue) {
    switch value {
    case .null: raw("null")
    case .bool(let flag): raw(flag ? "true" : "false")
    case .number(let number): raw(number.text)
    case .string(let text): quoted(text)
    case .array(let items): array(items) { $0.compact($1) }
    case .object(let object):
      byte(UInt8(ascii: "{"))
      for (offset, member) in object.members.enumerated() {
        if offset > 0 { byte(UInt8(ascii: ",")) }
        quoted(member.key)
        byte(UInt8(ascii: ":"))
        compact(member.value)
      }
      byte(UInt8(ascii: "}"))
    }
  }

  /// Multi-line: one element or member a line, nested levels indented by `indent` spaces more than
  /// `level`'s, `"key": value`; empty arrays and objects as `[]` and `{}`; no trailing newline. Keys in
  /// their stored order unless `sortKeys`; in colour (keys bold blue) when `colour`.
  package mutating func pretty(_ value: JSONValue, indent: Int, sortKeys: Bool = false, level: Int = 0) {
    switch value {
    case .array(let items):
      guard !items.isEmpty else { return raw("[]") }
      byte(UInt8(ascii: "["))
      for (offset, item) in items.enumerated() {
        if offset > 0 { byte(UInt8(ascii: ",")) }
        newline(indent: indent * (level + 1))
        pretty(item, indent: indent, sortKeys: sortKeys, level: level + 1)
      }
      newline(indent: indent * level)
      byte(UInt8(ascii: "]"))
    case .object(let object):
      guard !object.isEmpty else { return raw("{}") }
      byte(UInt8(ascii: "{"))
      let members = sortKeys ? object.members.sorted { $0.key < $1.key } : object.members
      for (offset, member) in members.enumerated() {
        if offset > 0 { byte(UInt8(ascii: ",")) }
        newline(indent: indent * (level + 1))
        styled(Self.keyColour) { $0.quoted(member.key) }
        raw(": ")
        pretty(member.value, indent: indent, sortKeys: sortKeys, level: level + 1)
      }
      newline(indent: indent * level)
      byte(UInt8(ascii: "}"))
    default:
      scalar(value)
    }
  }

  /// `[a,b,…]` with each item written by `item`, no whitespace.
  package mutating func array<Item>(_ items: [Item], _ item: (inout JSONOutput, Item) -> Void) {
    byte(UInt8(ascii: "["))
    for (offset, element) in items.enumerated() {
      if offset > 0 { byte(UInt8(ascii: ",")) }
      item(&self, element)
    }
    byte(UInt8(ascii: "]"))
  }

  /// `["a","b",…]`: strings as a compact JSON array.
  package mutating func strings(_ items: [String]) { array(items) { $0.quoted($1) } }

  /// `text` in double quotes with the escapes RFC 8259 requires; runs that need none are copied whole.
  package mutating func quoted(_ text: String) {
    byte(UInt8(ascii: "\""))
    let copied: Void? = text.utf8.withContiguousStorageIfAvailable { self.escaped($0) }
    if copied == nil { Array(text.utf8).withUnsafeBufferPointer { escaped($0) } }
    byte(UInt8(ascii: "\""))
  }

  private mutating func escaped(_ utf8: UnsafeBufferPointer<UInt8>) {
    var runStart = 0
    var index = 0
    while index < utf8.count {
      let unit = utf8[index]
      if unit >= 0x20, unit != UInt8(ascii: "\""), unit != UInt8(ascii: "\\") {
        if let visible, unit == 0x7F || unit == 0xC2 || unit == 0xD8 || unit == 0xE2,
          let (scalar, length) = JSONOutput.scalar(in: utf8, at: index), visible(scalar)
        {
          bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
          let digits = Array("0123456789abcdef".utf8)
          bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u")])
          for shift in [12, 8, 4, 0] { bytes.append(digits[Int((scalar.value >> UInt32(shift)) & 0x0F)]) }
          index += length
          runStart = index
          continue
        }
        index += 1
        continue
      }
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
      escape(unit)
      index += 1
      runStart = index
    }
    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
  }

  /// The scalar whose UTF-8 encoding starts at `index` (DEL, or a two- or three-byte sequence), and its length.
  static func scalar(in utf8: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int)? {
    let lead = utf8[index]
    if lead < 0x80 { return Unicode.Scalar(UInt32(lead)).map { ($0, 1) } }
    let length = lead >= 0xE0 ? 3 : 2
    guard index + length <= utf8.count else { return nil }
    var value = UInt32(lead & (length == 3 ? 0x0F : 0x1F))
    for offset in 1..<length { value = value << 6 | UInt32(utf8[index + offset] & 0x3F) }
    return Unicode.Scalar(value).map { ($0, length) }
  }

  private mutating func escape(_ unit: UInt8) {
    byte(UInt8(ascii: "\\"))
    switch unit {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"): byte(unit)
    case 0x08: byte(UInt8(ascii: "b"))
    case 0x0C: byte(UInt8(ascii: "f"))
    case 0x0A: byte(UInt8(ascii: "n"))
    case 0x0D: byte(UInt8(ascii: "r"))
    case 0x09: byte(UInt8(ascii: "t"))
    default:
      let digits = Array("0123456789abcdef".utf8)
      bytes.append(contentsOf: [UInt8(ascii: "u"), 0x30, 0x30, digits[Int(unit >> 4)], digits[Int(unit & 0x0F)]])
    }
  }
}

extension JSONValue {
  /// The wire form: compact JSON, members in their stored order, as UTF-8 bytes.
  package var compactBytes: [UInt8] {
    var output = JSONOutput()
    output.compact(self)
    return output.bytes
  }

  /// The wire form as text (`compactBytes`).
  package var compactText: String {
    var output = JSONOutput()
    output.compact(self)
    return output.string
  }

  /// Indented JSON text (`indent` spaces a level, `"key": value`), plain, members in their stored order.
  package func prettyText(indent: Int = 2) -> String {
    var output = JSONOutput()
    output.pretty(self, indent: indent)
    return output.string
  }
}
