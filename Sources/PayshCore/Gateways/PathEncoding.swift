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

  /// Why `id` cannot be a valid id (empty, `.` or `..`, control or bidi characters, over 256 bytes); nil
  /// when it can.
  ///
  /// `.` and `..` are refused rather than encoded: unreserved characters stay as they are in a path, and
  /// a server or proxy would take the segment for "this folder" or "the parent folder". A bidi control
  /// (`bidiControls`) would make the id read differently from what is sent, so it is named by its code
  /// point and place, never echoed.
  public static func idProblem(_ id: String) -> String? {
    if id.isEmpty { return "the id is empty" }
    if id == "." || id == ".." { return "an id cannot be `\(id)` (in a URL path it names a folder, not an order)" }
    if id.utf8.count > 256 { return "the id is \(id.utf8.count) bytes long (at most 256)" }
    for (index, scalar) in id.unicodeScalars.enumerated() where bidiControls.contains(scalar.value) {
      return "the id holds the bidi control \(codePoint(scalar)) at character \(index + 1)"
    }
    if id.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || (0x80...0x9F).contains($0.value) }) {
      return "the id contains control characters"
    }
    return nil
  }

  /// The bidirectional formatting characters: embeddings and overrides (U+202A–U+202E), isolates
  /// (U+2066–U+2069), the marks U+200E, U+200F and U+061C.
  static let bidiControls: Set<UInt32> = [
    0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
    0x2066, 0x2067, 0x2068, 0x2069,
  ]

  /// `U+202E`.
  static func codePoint(_ scalar: Unicode.Scalar) -> String {
    let hex = String(scalar.value, radix: 16, uppercase: true)
    return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
  }
}
