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

  /// The whole document: explicit stacks of open containers instead of recursion.
  ///
  /// Open arrays' items and open objects' members live in separate stacks and are appended to in place
  /// (`arrays[top].append`), so no container is copied while it grows.
  private static func parseDocument(
    _ scanner: inout JSONScanner, maximumDepth: Int
  ) throws(JSONParseError)
    -> JSONValue
  {
    scanner.skipByteOrderMark()
    var openIsArray: [Bool] = []
    var arrays: [[JSONValue]] = []
    var objects: [[JSONObject.Member]] = []
    var keys: [String] = []
    var value: JSONValue
    parsing: while true {
      scanner.skipWhitespace()
      guard let byte = scanner.peek() else { throw scanner.error("expected a value") }
      switch byte {
      case UInt8(ascii: "{"), UInt8(ascii: "["):
        guard openIsArray.count < maximumDepth else {
          throw scanner.error("arrays and objects nest deeper than \(maximumDepth) levels")
        }
        scanner.advance()
        scanner.skipWhitespace()
        if byte == UInt8(ascii: "{") {
          if scanner.consume(UInt8(ascii: "}")) {
            value = .object(JSONObject())
          } else {
            keys.append(try scanner.memberName())
            objects.append([])
            openIsArray.append(false)
            continue parsing
          }
        } else {
          if scanner.consume(UInt8(ascii: "]")) {
            value = .array([])
          } else {
            arrays.append([])
            openIsArray.append(true)
            continue parsing
          }
        }
      case UInt8(ascii: "\""): value = .string(try scanner.string())
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): value = .number(try scanner.number())
      default: value = try scanner.literal()
      }
      // A value is complete: hand it to the container it belongs to, closing containers as they end.
      while let isArray = openIsArray.last {
        scanner.skipWhitespace()
        if isArray {
          arrays[arrays.count - 1].append(value)
          if scanner.consume(UInt8(ascii: ",")) {
            scanner.skipWhitespace()
            if scanner.peek() == UInt8(ascii: "]") { throw scanner.error("trailing comma before ']'") }
            continue parsing
          }
          guard scanner.consume(UInt8(ascii: "]")) else { throw scanner.error("expected ',' or ']' after an element") }
          value = .array(arrays.removeLast())
        } else {
          objects[objects.count - 1].append(JSONObject.Member(keys.removeLast(), value))
          if scanner.consume(UInt8(ascii: ",")) {
            scanner.skipWhitespace()
            if scanner.peek() == UInt8(ascii: "}") { throw scanner.error("trailing comma before '}'") }
            keys.append(try scanner.memberName())
            continue parsing
          }
          guard scanner.consume(UInt8(ascii: "}")) else { throw scanner.error("expected ',' or '}' after a member") }
          value = .object(JSONObject(objects.removeLast()))
        }
        openIsArray.removeLast()
      }
      scanner.skipWhitespace()
      guard scanner.atEnd else { throw scanner.error("unexpected \(scanner.describeCurrent()) after the JSON value") }
      return value
    }
  }
}
