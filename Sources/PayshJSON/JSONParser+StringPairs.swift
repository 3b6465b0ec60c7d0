extension JSONParser {
  /// A document that is an array of two-string arrays (`[["name","value"],…]`, how the stores keep headers),
  /// read straight into pairs without building a `JSONValue` for it; nil when it is anything else or not
  /// valid JSON (the caller then reads it as any document, so the answer is the same either way). Strings
  /// are checked as `parse` checks them.
  public static func stringPairs(_ bytes: some Collection<UInt8>) -> [(String, String)]? {
    bytes.withContiguousStorageIfAvailable { stringPairs(buffer: $0) }
      ?? Array(bytes).withUnsafeBufferPointer { stringPairs(buffer: $0) }
  }

  static func stringPairs(buffer: UnsafeBufferPointer<UInt8>) -> [(String, String)]? {
    var scanner = JSONScanner(buffer)
    scanner.skipByteOrderMark()
    scanner.skipWhitespace()
    guard scanner.consume(UInt8(ascii: "[")) else { return nil }
    var pairs: [(String, String)] = []
    scanner.skipWhitespace()
    if scanner.consume(UInt8(ascii: "]")) { return scanner.endsHere() ? pairs : nil }
    while true {
      scanner.skipWhitespace()
      guard scanner.consume(UInt8(ascii: "[")), let name = scanner.stringItem(),
        scanner.consumeAfterWhitespace(UInt8(ascii: ",")), let value = scanner.stringItem(),
        scanner.consumeAfterWhitespace(UInt8(ascii: "]"))
      else { return nil }
      pairs.append((name, value))
      if scanner.consumeAfterWhitespace(UInt8(ascii: ",")) { continue }
      guard scanner.consumeAfterWhitespace(UInt8(ascii: "]")) else { return nil }
      return scanner.endsHere() ? pairs : nil
    }
  }
}

extension JSONScanner {
  /// A string after optional whitespace; nil when what comes is not a valid string.
  fileprivate mutating func stringItem() -> String? {
    skipWhitespace()
    guard peek() == UInt8(ascii: "\"") else { return nil }
    return try? string()
  }

  fileprivate mutating func consumeAfterWhitespace(_ byte: UInt8) -> Bool {
    skipWhitespace()
    return consume(byte)
  }

  /// True when only whitespace is left.
  fileprivate mutating func endsHere() -> Bool {
    skipWhitespace()
    return atEnd
  }
}
