/// Scripts as bytes: a `.ops` file, a `-c` argument or a line of stdin is read as bytes and decoded here,
/// the one place where text from outside becomes a `SourceFile`.
///
/// A UTF-8 byte order mark at the start is dropped. Bytes that are not UTF-8 are never repaired into
/// U+FFFD and run: the source keeps the place of the first bad byte (`invalidUTF8`), and
/// `Interpreter.check` refuses the whole source with it, so nothing runs.
extension SourceFile {
  /// The UTF-8 byte order mark.
  static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

  /// A source decoded from `bytes`, its BOM dropped; invalid UTF-8 is kept in `invalidUTF8`.
  public convenience init(name: String, bytes: some Collection<UInt8>, firstLine: Int = 1) {
    let body = bytes.starts(with: SourceFile.byteOrderMark) ? Array(bytes.dropFirst(3)) : Array(bytes)
    let problem = SourceFile.firstInvalidUTF8(body, firstLine: firstLine)
    self.init(name: name, text: String(decoding: body, as: UTF8.self), firstLine: firstLine, invalidUTF8: problem)
  }

  /// The diagnostic that refuses a source holding invalid UTF-8, or nil when it is all UTF-8.
  var encodingDiagnostic: Diagnostic? {
    guard let invalidUTF8 else { return nil }
    let place = invalidUTF8.location
    return Diagnostic(
      .error,
      "invalid UTF-8 at line \(place.line), column \(place.column) (byte 0x\(invalidUTF8.byteHex)): a script must be UTF-8 text",
      span: SourceSpan(start: place, end: place), source: self, label: "not UTF-8",
      hint: "re-save the file as UTF-8 (e.g. `iconv -f LATIN1 -t UTF-8`)", kind: .syntax)
  }

  /// Where the first byte that does not begin or continue a valid UTF-8 sequence is, in scalars.
  static func firstInvalidUTF8(_ bytes: [UInt8], firstLine: Int) -> InvalidUTF8? {
    var line = firstLine
    var column = 1
    var offset = 0
    var index = 0
    while index < bytes.count {
      let length = sequenceLength(bytes, at: index)
      guard length > 0 else {
        return InvalidUTF8(location: SourceLocation(line: line, column: column, offset: offset), byte: bytes[index])
      }
      if bytes[index] == 0x0A {
        line += 1
        column = 1
      } else {
        column += 1
      }
      offset += 1
      index += length
    }
    return nil
  }

  /// The length of the well-formed UTF-8 sequence at `index` (Unicode table 3-7), or 0 when there is none.
  static func sequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
    let lead = bytes[index]
    if lead < 0x80 { return 1 }
    let length: Int
    var low: UInt8 = 0x80
    var high: UInt8 = 0xBF
    switch lead {
    case 0xC2...0xDF: length = 2
    case 0xE0: (length, low) = (3, 0xA0)
    case 0xE1...0xEC, 0xEE...0xEF: length = 3
    case 0xED: (length, high) = (3, 0x9F)
    case 0xF0: (length, low) = (4, 0x90)
    case 0xF1...0xF3: length = 4
    case 0xF4: (length, high) = (4, 0x8F)
    default: return 0
    }
    guard index + length <= bytes.count else { return 0 }
    for step in 1..<length {
      let byte = bytes[index + step]
      let (lower, upper) = step == 1 ? (low, high) : (0x80, 0xBF)
      guard byte >= lower, byte <= upper else { return 0 }
    }
    return length
  }
}

/// The first byte of a source that is not UTF-8, and where it is.
public struct InvalidUTF8: Sendable, Hashable {
  public var location: SourceLocation
  public var byte: UInt8

  var byteHex: String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
  }
}
