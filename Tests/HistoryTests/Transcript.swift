/// Compares a transcript with its golden file, where `<<<label>>>` stands for any text on that line.
struct Transcript {
  /// One golden line: literal pieces with placeholders between them.
  struct Pattern {
    let pieces: [Substring]
    let source: String

    init(_ line: String) {
      source = line
      var pieces: [Substring] = []
      var rest = line[...]
      while let open = rest.range(of: "<<<"), let close = rest[open.upperBound...].range(of: ">>>") {
        pieces.append(rest[..<open.lowerBound])
        rest = rest[close.upperBound...]
      }
      pieces.append(rest)
      self.pieces = pieces
    }

    /// True when `line` is the literal pieces in order, anything standing where the placeholders are.
    func matches(_ line: String) -> Bool {
      if pieces.count == 1 { return line == source }
      var rest = line[...]
      guard rest.hasPrefix(pieces[0]) else { return false }
      rest = rest.dropFirst(pieces[0].count)
      for (index, piece) in pieces.enumerated().dropFirst() {
        if index == pieces.count - 1 {
          return piece.isEmpty || rest.hasSuffix(piece)
        }
        guard let found = rest.range(of: piece) else { return false }
        rest = rest[found.upperBound...]
      }
      return true
    }
  }

  /// The first line where `actual` departs from `expected`, described for a test failure; nil if equal.
  static func mismatch(expected: String, actual: String) -> String? {
    let want = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let got = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    for index in 0..<max(want.count, got.count) {
      let line = index < want.count ? want[index] : nil
      let have = index < got.count ? got[index] : nil
      if let line, let have, Pattern(line).matches(have) { continue }
      return """
        line \(index + 1) differs
          expected: \(line.map { "'\($0)'" } ?? "(end of transcript)")
          actual:   \(have.map { "'\($0)'" } ?? "(end of transcript)")
        """
    }
    return nil
  }

  /// The new golden text for `actual`: lines that still match their old pattern keep it (placeholders
  /// survive a re-record); the rest are taken as they are now.
  static func rerecord(old: String?, actual: String) -> String {
    guard let old else { return actual }
    let want = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let got = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    return got.enumerated().map { index, line in
      index < want.count && Pattern(want[index]).matches(line) ? want[index] : line
    }.joined(separator: "\n")
  }
}
