extension PatternParser {
  /// One literal, class, anchor or group.
  mutating func parseAtom() throws(PatternError) -> Node {
    guard let scalar = peek else { return .empty }
    let start = index
    index += 1
    switch scalar {
    case ".": return .step(.any)
    case "^": return .step(.start)
    case "$": return .step(.end)
    case "[": return .step(.set(try parseSet()))
    case "\\": return try parseEscape(inSet: false).node
    case "(": return try parseGroup(at: start)
    case "*", "+", "?":
      throw PatternError("'\(scalar)' at \(start + 1) has nothing to repeat; write \\\(scalar) for the character")
    case "{":
      if (try lookCountAt(start)) != nil { throw PatternError("'{' at \(start + 1) has nothing to repeat") }
      return .step(.scalar(scalar))
    default: return .step(.scalar(scalar))
    }
  }

  func lookCountAt(_ position: Int) throws(PatternError) -> ((Int, Int?), Int)? {
    var copy = self
    copy.index = position
    return try copy.lookCount()
  }

  mutating func parseGroup(at start: Int) throws(PatternError) -> Node {
    guard depth < Pattern.maxDepth else {
      throw PatternError("groups nest deeper than \(Pattern.maxDepth) (the bound on a pattern)")
    }
    if peek == "?" {
      let next = index + 1 < scalars.count ? scalars[index + 1] : " "
      let after = index + 2 < scalars.count ? scalars[index + 2] : " "
      switch next {
      case ":": index += 2
      case "<" where after != "=" && after != "!", "P":
        while let name = peek, name != ">" { index += 1 }
        guard peek == ">" else { throw PatternError("the group name at \(start + 1) is not closed with '>'") }
        index += 1
      case "=", "!", "<":
        throw PatternError("look-around '(?\(next)' is not supported (it needs backtracking)")
      default:
        throw PatternError("'(?\(next)' at \(start + 1) is not supported; groups are (…), (?:…) and (?<name>…)")
      }
    }
    depth += 1
    let node = try parseEither()
    depth -= 1
    guard peek == ")" else { throw PatternError("the group opened at \(start + 1) is never closed") }
    index += 1
    return node
  }

  /// `[…]`, the `[` already read.
  mutating func parseSet() throws(PatternError) -> Pattern.ScalarSet {
    let open = index
    var set = Pattern.ScalarSet()
    if peek == "^" {
      set.negated = true
      index += 1
    }
    var first = true
    while let scalar = peek {
      if scalar == "]", !first {
        index += 1
        return set
      }
      first = false
      index += 1
      var low: Unicode.Scalar
      if scalar == "\\" {
        let escape = try parseEscape(inSet: true)
        if let kind = escape.kind {
          set.classes.append(kind)
          continue
        }
        guard let literal = escape.scalar else { throw PatternError("\\b has no meaning inside [...]") }
        low = literal
      } else {
        if scalar == "[", peek == ":" {
          throw PatternError("POSIX classes ([:alpha:]) are not supported; use \\w, \\d, \\s")
        }
        low = scalar
      }
      if peek == "-", index + 1 < scalars.count, scalars[index + 1] != "]" {
        index += 1
        var high = scalars[index]
        index += 1
        if high == "\\" {
          guard let literal = try parseEscape(inSet: true).scalar else {
            throw PatternError("a range in [...] must end with a character")
          }
          high = literal
        }
        guard low.value <= high.value else { throw PatternError("the range \(low)-\(high) in [...] is backwards") }
        set.ranges.append(low.value...high.value)
      } else {
        set.ranges.append(low.value...low.value)
      }
    }
    throw PatternError("the [ at \(open) is never closed with ]")
  }

  /// After a `\`: a class, a boundary, a control character or a literal.
  mutating func parseEscape(
    inSet: Bool
  ) throws(PatternError) -> (
    node: Node, scalar: Unicode.Scalar?, kind: Character.Class?
  ) {
    guard let scalar = peek else { throw PatternError("the pattern ends with a lone \\") }
    index += 1
    func literal(_ value: Unicode.Scalar) -> (Node, Unicode.Scalar?, Character.Class?) {
      (.step(.scalar(value)), value, nil)
    }
    func kind(_ value: Character.Class) -> (Node, Unicode.Scalar?, Character.Class?) {
      var set = Pattern.ScalarSet()
      set.classes = [value]
      return (.step(.set(set)), nil, value)
    }
    switch scalar {
    case "d": return kind(.digit)
    case "D": return kind(.notDigit)
    case "w": return kind(.word)
    case "W": return kind(.notWord)
    case "s": return kind(.space)
    case "S": return kind(.notSpace)
    case "n": return literal("\n")
    case "t": return literal("\t")
    case "r": return literal("\r")
    case "b", "B":
      if inSet { throw PatternError("\\\(scalar) has no meaning inside [...]") }
      return (.step(.boundary(scalar == "b")), nil, nil)
    case "1"..."9", "k":
      throw PatternError("back-references (\\\(scalar)) are not supported (they need backtracking)")
    default:
      if Character.Class.isWord(scalar) {
        throw PatternError("'\\\(scalar)' is not an escape paysh knows; write \(scalar) alone for the letter")
      }
      return literal(scalar)
    }
  }
}
