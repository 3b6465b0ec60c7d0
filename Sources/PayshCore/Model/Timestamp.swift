/// A moment as a gateway stated it, kept with its zone: `2023-08-11T18:02:46+05:30`.
///
/// paysh never converts to UTC for display: the offset the gateway meant is part of the evidence.
/// Gateways that send a local time without a zone (Paytring, EnKash: `2024-01-05 10:20:30`, IST) are
/// stated with `+05:30` and marked `assumedZone`.
public struct Timestamp: Sendable, Hashable, CustomStringConvertible {
  /// ISO-8601 text with an offset.
  public var iso8601: String
  /// True when the zone was not in the source and paysh supplied it.
  public var assumedZone: Bool

  public init(iso8601: String, assumedZone: Bool = false) {
    self.iso8601 = iso8601
    self.assumedZone = assumedZone
  }

  /// Reads an ISO-8601 time with an offset or `Z` (as Cashfree sends); nil otherwise.
  public static func iso(_ text: String) -> Timestamp? {
    let scalars = Array(text.utf8)
    guard scalars.count >= 20, scalars[10] == UInt8(ascii: "T") || scalars[10] == UInt8(ascii: " ") else {
      return nil
    }
    guard isDate(scalars[0..<10]), isTime(scalars[11..<19]) else { return nil }
    let zone = text.utf8.dropFirst(19).drop { $0 == UInt8(ascii: ".") || (48...57).contains($0) }
    let zoneText = String(decoding: zone, as: UTF8.self)
    guard zoneText == "Z" || isOffset(zoneText) else { return nil }
    var normalized = text
    if scalars[10] == UInt8(ascii: " ") {
      normalized = String(text.prefix(10)) + "T" + String(text.dropFirst(11))
    }
    return Timestamp(iso8601: normalized)
  }

  /// Reads a zone-less local time `YYYY-MM-DD HH:MM:SS` (or with `T`) and states it at `offset`.
  public static func local(_ text: String, offset: String = "+05:30") -> Timestamp? {
    let scalars = Array(text.utf8)
    guard scalars.count == 19, scalars[10] == UInt8(ascii: " ") || scalars[10] == UInt8(ascii: "T"),
      isDate(scalars[0..<10]), isTime(scalars[11..<19])
    else { return nil }
    return Timestamp(iso8601: String(text.prefix(10)) + "T" + String(text.suffix(8)) + offset, assumedZone: true)
  }

  public var description: String { iso8601 }

  static func isDate(_ bytes: ArraySlice<UInt8>) -> Bool {
    shape(bytes, "dddd-dd-dd")
  }

  static func isTime(_ bytes: ArraySlice<UInt8>) -> Bool {
    shape(bytes, "dd:dd:dd")
  }

  static func isOffset(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    return bytes.count == 6 && (bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-"))
      && shape(bytes[1...], "dd:dd")
  }

  static func shape(_ bytes: ArraySlice<UInt8>, _ pattern: String) -> Bool {
    let want = Array(pattern.utf8)
    guard bytes.count == want.count else { return false }
    for (byte, expected) in zip(bytes, want) {
      if expected == UInt8(ascii: "d") {
        guard (48...57).contains(byte) else { return false }
      } else if byte != expected {
        return false
      }
    }
    return true
  }
}
