/// Reads the TOML subset of the config file into tables of string values, collecting diagnostics.
struct TOMLSubsetReader {
  let source: SourceFile
  var diagnostics: [Diagnostic] = []

  init(source: SourceFile) {
    self.source = source
  }

  /// Tables by dotted path, each with its keys and values (in file order).
  mutating func read() -> [([String], [(String, String)])] {
    var tables: [([String], [(String, String)])] = [([], [])]
    for number in 1...max(1, source.lineCount) {
      let line = source.line(number)
      let scalars = Array(line.unicodeScalars)
      var index = 0
      skipBlanks(scalars, &index)
      if index >= scalars.count || scalars[index] == "#" { continue }
      if scalars[index] == "[" {
        index += 1
        guard let path = readKeyPath(scalars, &index, line: number, until: "]") else { continue }
        index += 1
        guard expectEnd(scalars, &index, line: number) else { continue }
        tables.append((path, []))
        continue
      }
      guard let keyPath = readKeyPath(scalars, &index, line: number, until: "="), keyPath.count == 1 else {
        if diagnostics.isEmpty || diagnostics.last?.span?.start.line != number {
          error("expected `key = value`", line: number, column: index + 1)
        }
        continue
      }
      index += 1
      skipBlanks(scalars, &index)
      guard let value = readValue(scalars, &index, line: number), expectEnd(scalars, &index, line: number) else {
        continue
      }
      tables[tables.count - 1].1.append((keyPath[0], value))
    }
    return tables
  }

  mutating func readKeyPath(
    _ scalars: [Unicode.Scalar], _ index: inout Int, line: Int, until end: Unicode.Scalar
  )
    -> [String]?
  {
    var path: [String] = []
    while true {
      skipBlanks(scalars, &index)
      var key = ""
      if index < scalars.count, scalars[index] == "\"" {
        guard let quoted = readString(scalars, &index, line: line) else { return nil }
        key = quoted
      } else {
        while index < scalars.count, Lexer.isNameScalar(scalars[index]) || scalars[index] == "-" {
          key.unicodeScalars.append(scalars[index])
          index += 1
        }
      }
      guard !key.isEmpty else {
        error("expected a key", line: line, column: index + 1)
        return nil
      }
      path.append(key)
      skipBlanks(scalars, &index)
      if index < scalars.count, scalars[index] == "." {
        index += 1
        continue
      }
      guard index < scalars.count, scalars[index] == end else {
        error("expected '\(end)'", line: line, column: index + 1)
        return nil
      }
      return path
    }
  }

  mutating func readValue(_ scalars: [Unicode.Scalar], _ index: inout Int, line: Int) -> String? {
    guard index < scalars.count else {
      error("expected a value after '='", line: line, column: index + 1)
      return nil
    }
    switch scalars[index] {
    case "\"": return readString(scalars, &index, line: line)
    case "'":
      let start = index
      index += 1
      var text = ""
      while index < scalars.count, scalars[index] != "'" {
        text.unicodeScalars.append(scalars[index])
        index += 1
      }
      guard index < scalars.count else {
        error("unterminated string", line: line, column: start + 1)
        return nil
      }
      index += 1
      return text
    default:
      var word = ""
      while index < scalars.count, scalars[index] != " ", scalars[index] != "\t", scalars[index] != "#" {
        word.unicodeScalars.append(scalars[index])
        index += 1
      }
      if word == "true" || word == "false" || Int(word.replacingAll("_", with: "")) != nil { return word }
      error(
        "unsupported value '\(word)': paysh's config takes strings, integers and booleans", line: line,
        column: index - word.unicodeScalars.count + 1)
      return nil
    }
  }

  mutating func readString(_ scalars: [Unicode.Scalar], _ index: inout Int, line: Int) -> String? {
    let start = index
    index += 1
    var text = ""
    while index < scalars.count, scalars[index] != "\"" {
      if scalars[index] == "\\", index + 1 < scalars.count {
        index += 1
        switch scalars[index] {
        case "n": text += "\n"
        case "t": text += "\t"
        case "\"": text += "\""
        case "\\": text += "\\"
        default:
          error("unsupported escape '\\\(scalars[index])'", line: line, column: index)
          return nil
        }
      } else {
        text.unicodeScalars.append(scalars[index])
      }
      index += 1
    }
    guard index < scalars.count else {
      error("unterminated string", line: line, column: start + 1)
      return nil
    }
    index += 1
    return text
  }

  mutating func expectEnd(_ scalars: [Unicode.Scalar], _ index: inout Int, line: Int) -> Bool {
    skipBlanks(scalars, &index)
    if index < scalars.count, scalars[index] != "#" {
      error("unexpected text after the value", line: line, column: index + 1)
      return false
    }
    return true
  }

  func skipBlanks(_ scalars: [Unicode.Scalar], _ index: inout Int) {
    while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" || scalars[index] == "\r" {
      index += 1
    }
  }

  mutating func error(_ message: String, line: Int, column: Int) {
    let location = SourceLocation(line: line, column: column, offset: 0)
    let end = SourceLocation(line: line, column: column + 1, offset: 0)
    diagnostics.append(
      Diagnostic(
        .error, message, span: SourceSpan(start: location, end: end), source: source,
        hint: "see README, Credentials, for the config format", kind: .usage))
  }
}
