/// The byte buffer `JSONPrinter` writes into: escaping, colour codes and indentation, without building
/// a String per token.
struct JSONOutput {
  static let keyColour = "1;34"
  static let stringColour = "32"
  static let numberColour = "36"
  static let boolColour = "33"
  static let nullColour = "35"

  private(set) var bytes: [UInt8] = []
  let colour: Bool

  init(colour: Bool, capacity: Int = 0) {
    self.colour = colour
    bytes.reserveCapacity(capacity)
  }

  var string: String { String(decoding: bytes, as: UTF8.self) }

  mutating func byte(_ byte: UInt8) { bytes.append(byte) }

  mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

  mutating func newline(indent: Int) {
    bytes.append(0x0A)
    bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
  }

  /// Runs `body` between the SGR code `code` and a reset when colour is on, as `TextStyle` does.
  mutating func styled(_ code: String, _ body: (inout JSONOutput) -> Void) {
    guard colour else { return body(&self) }
    raw("\u{1B}[\(code)m")
    body(&self)
    raw("\u{1B}[0m")
  }

  /// `null`, a boolean, a number or a string, in its colour.
  mutating func scalar(_ value: JSONValue) {
    switch value {
    case .null: styled(Self.nullColour) { $0.raw("null") }
    case .bool(let flag): styled(Self.boolColour) { $0.raw(flag ? "true" : "false") }
    case .number(let number): styled(Self.numberColour) { $0.raw(number.text) }
    case .string(let text): styled(Self.stringColour) { $0.quoted(text) }
    case .array, .object: compact(value)
    }
  }

  /// The value with no whitespace and no colour.
  mutating func compact(_ value: JSONValue) {
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

  /// `[a,b,…]` with each item written by `item`, no whitespace.
  mutating func array<Item>(_ items: [Item], _ item: (inout JSONOutput, Item) -> Void) {
    byte(UInt8(ascii: "["))
    for (offset, element) in items.enumerated() {
      if offset > 0 { byte(UInt8(ascii: ",")) }
      item(&self, element)
    }
    byte(UInt8(ascii: "]"))
  }

  /// `["a","b",…]`: strings as a compact JSON array.
  mutating func strings(_ items: [String]) { array(items) { $0.quoted($1) } }

  /// `text` in double quotes with the escapes RFC 8259 requires; runs that need none are copied whole.
  mutating func quoted(_ text: String) {
    byte(UInt8(ascii: "\""))
    let copied: Void? = text.utf8.withContiguousStorageIfAvailable { self.escaped($0) }
    if copied == nil { Array(text.utf8).withUnsafeBufferPointer { escaped($0) } }
    byte(UInt8(ascii: "\""))
  }

  private mutating func escaped(_ utf8: UnsafeBufferPointer<UInt8>) {
    var runStart = 0
    for index in 0..<utf8.count {
      let unit = utf8[index]
      if unit >= 0x20, unit != UInt8(ascii: "\""), unit != UInt8(ascii: "\\") { continue }
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
      escape(unit)
      runStart = index + 1
    }
    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
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
