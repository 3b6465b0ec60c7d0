/// A strict RFC 8259 JSON parser that keeps what a gateway sent: member order, duplicate members and
/// number text.
///
/// - Exactly one value, with only JSON whitespace (space, tab, `\n`, `\r`) around it. A leading UTF-8
///   byte order mark is skipped (RFC 8259 §8.1 allows a parser to ignore it); anything else is an error.
/// - No comments, trailing commas, single quotes, `NaN`/`Infinity`, leading zeros or `+` signs.
/// - Strings: every escape, surrogate pairs joined; a lone surrogate (`"\uD800"`, or a high surrogate not
///   followed by a low one) is an error, not U+FFFD, so evidence is never silently altered. Raw control
///   characters (below U+0020) and invalid UTF-8 (overlong forms, encoded surrogates, above U+10FFFF)
///   are errors.
/// - Numbers are validated and kept as their literal text in `JSONNumber`; no Double is involved.
/// - Containers nest at most `maximumDepth` deep (512 by default). The parser is iterative, so the
///   limit is not about its own stack; it keeps the recursive operations on `JSONValue` (equality,
///   hashing, printing, deinit) safe from hostile input.
public enum JSONParser {
  /// The default nesting limit for arrays and objects.
  public static let defaultMaximumDepth = 512

  /// Parses a UTF-8 document.
  public static func parse(
    _ bytes: some Collection<UInt8>, maximumDepth: Int = defaultMaximumDepth
  ) throws(JSONParseError) -> JSONValue {
    let result =
      bytes.withContiguousStorageIfAvailable { buffer in
        parse(buffer: buffer, maximumDepth: maximumDepth)
      } ?? Array(bytes).withUnsafeBufferPointer { parse(buffer: $0, maximumDepth: maximumDepth) }
    return try result.get()
  }

  /// Parses a document held in a String.
  public static func parse(_ text: String, maximumDepth: Int = defaultMaximumDepth) throws(JSONParseError) -> JSONValue
  {
    try parse(text.utf8, maximumDepth: maximumDepth)
  }

  /// Parses a document held in a Substring (a slice of a larger text).
  public static func parse(
    _ text: Substring, maximumDepth: Int = defaultMaximumDepth
  ) throws(JSONParseError)
    -> JSONValue
  {
    try parse(text.utf8, maximumDepth: maximumDepth)
  }

  static func parse(buffer: UnsafeBufferPointer<UInt8>, maximumDepth: Int) -> Result<JSONValue, JSONParseError> {
    var scanner = JSONScanner(buffer)
    do {
      return .success(try parseDocument(&scanner, maximumDepth: maximumDepth))
    } catch {
      return .failure(error)
    }
  }

  /// A container being filled: the items so far, or the members so far and the key awaiting its value.
  private enum Frame {
    case array([JSONValue])
    case object([JSONObject.Member], key: String)
  }

  /// The whole document: an explicit stack of open containers instead of recursion.
  private static func parseDocument(
    _ scanner: inout JSONScanner, maximumDepth: Int
  ) throws(JSONParseError)
    -> JSONValue
  {
    scanner.skipByteOrderMark()
    var stack: [Frame] = []
    var value: JSONValue
    parsing: while true {
      scanner.skipWhitespace()
      guard let byte = scanner.peek() else { throw scanner.error("expected a value") }
      switch byte {
      case UInt8(ascii: "{"), UInt8(ascii: "["):
        guard stack.count < maximumDepth else {
          throw scanner.error("arrays and objects nest deeper than \(maximumDepth) levels")
        }
        scanner.advance()
        scanner.skipWhitespace()
        if byte == UInt8(ascii: "{") {
          if scanner.consume(UInt8(ascii: "}")) {
            value = .object(JSONObject())
          } else {
            stack.append(.object([], key: try scanner.memberName()))
            continue parsing
          }
        } else {
          if scanner.consume(UInt8(ascii: "]")) {
            value = .array([])
          } else {
            stack.append(.array([]))
            continue parsing
          }
        }
      case UInt8(ascii: "\""): value = .string(try scanner.string())
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): value = .number(try scanner.number())
      default: value = try scanner.literal()
      }
      // A value is complete: hand it to the container it belongs to, closing containers as they end.
      while let frame = stack.popLast() {
        scanner.skipWhitespace()
        switch frame {
        case .array(var items):
          items.append(value)
          if scanner.consume(UInt8(ascii: ",")) {
            scanner.skipWhitespace()
            if scanner.peek() == UInt8(ascii: "]") { throw scanner.error("trailing comma before ']'") }
            stack.append(.array(items))
            continue parsing
          }
          guard scanner.consume(UInt8(ascii: "]")) else { throw scanner.error("expected ',' or ']' after an element") }
          value = .array(items)
        case .object(var members, let key):
          members.append(JSONObject.Member(key, value))
          if scanner.consume(UInt8(ascii: ",")) {
            scanner.skipWhitespace()
            if scanner.peek() == UInt8(ascii: "}") { throw scanner.error("trailing comma before '}'") }
            stack.append(.object(members, key: try scanner.memberName()))
            continue parsing
          }
          guard scanner.consume(UInt8(ascii: "}")) else { throw scanner.error("expected ',' or '}' after a member") }
          value = .object(JSONObject(members))
        }
      }
      scanner.skipWhitespace()
      guard scanner.atEnd else { throw scanner.error("unexpected \(scanner.describeCurrent()) after the JSON value") }
      return value
    }
  }
}
