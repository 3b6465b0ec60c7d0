/// The regular expressions of `expect … matches`: matched in time linear in the text (a Thompson NFA run
/// as a Pike VM, never backtracking), so no pattern a shared script holds can hang a run, and a match is
/// cancellable (Ctrl-C) all the same.
///
/// Syntax, on Unicode scalars: literals; `.` (any but a newline); `[abc]`, `[a-z]`, `[^…]`; `\d \w \s`
/// (ASCII digits, `[A-Za-z0-9_]`, blanks) and `\D \W \S`; `\b \B`; `\n \t \r`; `\` before any punctuation
/// for itself; `^` and `$` (start and end of the text); groups `(…)`, `(?:…)`, `(?<name>…)`; `|`;
/// `* + ?` and `{n}`, `{n,}`, `{n,m}` (n, m up to 1000; a trailing `?` is accepted and changes nothing,
/// since `matches` asks only whether there is a match). Back-references and look-around need
/// backtracking and are refused with a clear message. A pattern is found anywhere in the text unless
/// anchored with `^`/`$`.
public struct Pattern: Sendable, Hashable, CustomStringConvertible {
  /// One step of the program.
  enum Step: Sendable, Hashable {
    case scalar(Unicode.Scalar)
    case any
    case set(ScalarSet)
    /// Go on at both (a thread each).
    case split(Int, Int)
    case jump(Int)
    case start, end
    case boundary(Bool)
    case match
  }

  /// The most steps a compiled pattern may have (counted repeats are written out), and the deepest groups.
  public static let maxSteps = 10_000
  public static let maxDepth = 100
  public static let maxCount = 1_000

  public let text: String
  let program: [Step]

  public var description: String { text }

  /// Reads and compiles `text`; the error says what is wrong and where.
  public init(_ text: String) throws(PatternError) {
    self.text = text
    var parser = PatternParser(Array(text.unicodeScalars))
    let node = try parser.parseWhole()
    let size = node.size
    guard size < Pattern.maxSteps else {
      throw PatternError(
        "it is too large: its repeats written out take over \(Pattern.maxSteps) steps (the bound on a pattern)")
    }
    var program: [Step] = []
    program.reserveCapacity(size + 1)
    node.compile(into: &program)
    program.append(.match)
    self.program = program
  }

  /// A set of scalars: ranges and classes, possibly negated.
  struct ScalarSet: Sendable, Hashable {
    var ranges: [ClosedRange<UInt32>] = []
    var classes: [Character.Class] = []
    var negated = false

    func contains(_ scalar: Unicode.Scalar) -> Bool {
      let value = scalar.value
      let inside = ranges.contains { $0.contains(value) } || classes.contains { $0.contains(scalar) }
      return inside != negated
    }
  }
}

extension Character {
  /// `\d \w \s` and their complements, ASCII only.
  enum Class: Sendable, Hashable {
    case digit, word, space
    case notDigit, notWord, notSpace

    func contains(_ scalar: Unicode.Scalar) -> Bool {
      switch self {
      case .digit: ("0"..."9").contains(scalar)
      case .word: Class.isWord(scalar)
      case .space: [" ", "\t", "\n", "\r", "\u{0B}", "\u{0C}"].contains(scalar)
      case .notDigit: !Class.digit.contains(scalar)
      case .notWord: !Class.word.contains(scalar)
      case .notSpace: !Class.space.contains(scalar)
      }
    }

    static func isWord(_ scalar: Unicode.Scalar) -> Bool {
      ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
    }
  }
}

/// Why a pattern was refused: one line.
public struct PatternError: Error, Sendable, Hashable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
