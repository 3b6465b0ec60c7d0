import PayshJSON

extension JSONPath {
  /// Parses a path's text (see `JSONPath` for the grammar).
  public static func parse(_ text: String) throws(JSONPathError) -> JSONPath {
    var reader = PathReader(text: text)
    return JSONPath(try reader.components())
  }
}

/// Reads path text character by character; columns are 1-based character positions.
private struct PathReader {
  let text: String
  let characters: [Character]
  var position = 0

  init(text: String) {
    self.text = text
    self.characters = Array(text)
  }

  func fail(_ message: String, at position: Int? = nil) -> JSONPathError {
    JSONPathError(message: message, column: (position ?? self.position) + 1, text: text)
  }

  func describe(_ position: Int) -> String {
    position < characters.count ? "'\(characters[position])'" : "the end"
  }

  mutating func components() throws(JSONPathError) -> [JSONPath.Component] {
    guard let first = characters.first else { throw fail("expected a path such as '.' or '.order'") }
    guard first == "." || first == "[" else { throw fail("a path starts with '.' or '[', found '\(first)'") }
    if characters == ["."] { return [] }
    var result: [JSONPath.Component] = []
    while position < characters.count {
      if characters[position] == "." {
        position += 1
        guard position < characters.count else { throw fail("expected a name or '[' after '.'") }
        let next = characters[position]
        if next == "[" {
          result.append(try bracket())
        } else if next == "\"" {
          result.append(.member(try quoted()))
        } else if let ascii = next.asciiValue, JSONPath.isNameStart(ascii) {
          result.append(.member(name()))
        } else {
          throw fail("expected a name or '[' after '.', found '\(next)'")
        }
      } else if characters[position] == "[" {
        result.append(try bracket())
      } else {
        throw fail("expected '.' or '[' after \(pathSoFar(result)), found '\(characters[position])'")
      }
    }
    return result
  }

  func pathSoFar(_ components: [JSONPath.Component]) -> String {
    JSONPath(components).render()
  }

  mutating func name() -> String {
    let start = position
    while position < characters.count, let ascii = characters[position].asciiValue,
      JSONPath.isNameContinuation(ascii)
    {
      position += 1
    }
    return String(characters[start..<position])
  }

  /// `[N]`, `["key"]` or `[]`, from the `[`.
  mutating func bracket() throws(JSONPathError) -> JSONPath.Component {
    let open = position
    position += 1
    guard position < characters.count else { throw fail("expected an index, a quoted name or ']' after '['") }
    let component: JSONPath.Component
    switch characters[position] {
    case "]": component = .iterate
    case "\"": component = .member(try quoted())
    case "-", "0"..."9": component = .index(try integer())
    default: throw fail("expected an index, a quoted name or ']' after '[', found \(describe(position))")
    }
    if component == .iterate {
      position += 1
      return component
    }
    guard position < characters.count, characters[position] == "]" else {
      throw fail("expected ']' to close the '[' at column \(open + 1), found \(describe(position))")
    }
    position += 1
    return component
  }

  mutating func integer() throws(JSONPathError) -> Int {
    let start = position
    if characters[position] == "-" { position += 1 }
    let digitsStart = position
    while position < characters.count, characters[position].isASCII, characters[position].isNumber { position += 1 }
    guard position > digitsStart else { throw fail("expected digits after '-' in an index") }
    let literal = String(characters[start..<position])
    guard let value = Int(literal) else { throw fail("index \(literal) is too large", at: start) }
    return value
  }

  /// A JSON string literal from its opening quote, decoded by `JSONParser`.
  mutating func quoted() throws(JSONPathError) -> String {
    let start = position
    position += 1
    var escaped = false
    while position < characters.count {
      let character = characters[position]
      position += 1
      if escaped {
        escaped = false
      } else if character == "\\" {
        escaped = true
      } else if character == "\"" {
        do {
          if case .string(let key) = try JSONParser.parse(String(characters[start..<position])) { return key }
        } catch {
          throw fail("invalid quoted name: \(error.message)", at: start + error.column - 1)
        }
      }
    }
    throw fail("unterminated quoted name", at: start)
  }
}
