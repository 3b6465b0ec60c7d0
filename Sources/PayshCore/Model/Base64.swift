/// Standard Base64 (RFC 4648, with padding), without Foundation.
public enum Base64 {
  static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

  public static func encode(_ bytes: [UInt8]) -> String {
    var out: [UInt8] = []
    out.reserveCapacity((bytes.count + 2) / 3 * 4)
    var index = 0
    while index + 2 < bytes.count {
      let chunk = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
      for shift in [18, 12, 6, 0] { out.append(alphabet[Int((chunk >> UInt32(shift)) & 63)]) }
      index += 3
    }
    let rest = bytes.count - index
    if rest > 0 {
      var chunk = UInt32(bytes[index]) << 16
      if rest == 2 { chunk |= UInt32(bytes[index + 1]) << 8 }
      out.append(alphabet[Int((chunk >> 18) & 63)])
      out.append(alphabet[Int((chunk >> 12) & 63)])
      out.append(rest == 2 ? alphabet[Int((chunk >> 6) & 63)] : UInt8(ascii: "="))
      out.append(UInt8(ascii: "="))
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// Decodes standard or URL-safe Base64, padding optional; nil for anything else.
  public static func decode(_ text: String) -> [UInt8]? {
    var values: [UInt8] = []
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"): values.append(byte - 65)
      case UInt8(ascii: "a")...UInt8(ascii: "z"): values.append(byte - 71)
      case UInt8(ascii: "0")...UInt8(ascii: "9"): values.append(byte + 4)
      case UInt8(ascii: "+"), UInt8(ascii: "-"): values.append(62)
      case UInt8(ascii: "/"), UInt8(ascii: "_"): values.append(63)
      case UInt8(ascii: "="), UInt8(ascii: "\n"), UInt8(ascii: "\r"): continue
      default: return nil
      }
    }
    if values.count % 4 == 1 { return nil }
    var out: [UInt8] = []
    var index = 0
    while index < values.count {
      let group = values[index..<min(index + 4, values.count)]
      var chunk: UInt32 = 0
      for (offset, value) in group.enumerated() { chunk |= UInt32(value) << UInt32(18 - 6 * offset) }
      out.append(UInt8((chunk >> 16) & 0xFF))
      if group.count > 2 { out.append(UInt8((chunk >> 8) & 0xFF)) }
      if group.count > 3 { out.append(UInt8(chunk & 0xFF)) }
      index += 4
    }
    return out
  }
}
