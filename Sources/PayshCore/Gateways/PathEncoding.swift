/// Percent-encoding of ids placed in URL paths, and the checks that refuse impossible ids early.
public enum PathEncoding {
  /// `id` with everything but RFC 3986 unreserved characters percent-encoded (so `/`, `?`, `#`, `%`
  /// and spaces cannot change the path).
  public static func segment(_ id: String) -> String {
    var out = ""
    for byte in id.utf8 {
      let scalar = Unicode.Scalar(byte)
      if (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
        || "-._~".unicodeScalars.contains(scalar)
      {
        out.unicodeScalars.append(scalar)
      } else {
        let hex = Array("0123456789ABCDEF".unicodeScalars)
        out += "%"
        out.unicodeScalars.append(hex[Int(byte >> 4)])
        out.unicodeScalars.append(hex[Int(byte & 0x0F)])
      }
    }
    return out
  }

  /// A path segment with its `%XX` escapes decoded (the inverse of `segment`); bad escapes stay as written.
  public static func decode(_ segment: String) -> String {
    var bytes: [UInt8] = []
    let utf8 = Array(segment.utf8)
    var index = 0
    func hex(_ byte: UInt8) -> UInt8? {
      switch byte {
      case 0x30...0x39: byte - 0x30
      case 0x41...0x46: byte - 0x41 + 10
      case 0x61...0x66: byte - 0x61 + 10
      default: nil
      }
    }
    while index < utf8.count {
      if utf8[index] == 0x25, index + 2 < utf8.count, let high = hex(utf8[index + 1]), let low = hex(utf8[index + 2]) {
        bytes.append(high << 4 | low)
        index += 3
      } else {
        bytes.append(utf8[index])
        index += 1
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Why `id` cannot be a valid id (empty, control characters, over 256 bytes); nil when it can.
  public static func idProblem(_ id: String) -> String? {
    if id.isEmpty { return "the id is empty" }
    if id.utf8.count > 256 { return "the id is \(id.utf8.count) bytes long (at most 256)" }
    if id.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || (0x80...0x9F).contains($0.value) }) {
      return "the id contains control characters"
    }
    return nil
  }
}
