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
