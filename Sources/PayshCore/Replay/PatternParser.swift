/// Reads a `Pattern`'s text into a tree (groups at most `Pattern.maxDepth` deep, so reading is bounded too).
struct PatternParser {
  indirect enum Node: Sendable {
    case empty
    case step(Pattern.Step)
    case sequence([Node])
    case either([Node])
    case repeated(Node, min: Int, max: Int?)

    /// The steps it compiles to, saturating (so a huge repeat is caught before anything is written out).
    var size: Int {
      switch self {
      case .empty: return 0
      case .step: return 1
      case .sequence(let nodes): return nodes.reduce(0) { PatternParser.add($0, $1.size) }
      case .either(let nodes): return nodes.reduce(2 * nodes.count) { PatternParser.add($0, $1.size) }
      case .repeated(let node, let min, let max):
        let body = node.size
        let fixed = PatternParser.times(body, min)
        guard let max else { return PatternParser.add(fixed, PatternParser.add(body, 2)) }
        return PatternParser.add(fixed, PatternParser.times(PatternParser.add(body, 1), max - min))
      }
    }

    func compile(into program: inout [Pattern.Step]) {
      switch self {
      case .empty: break
      case .step(let step): program.append(step)
      case .sequence(let nodes): for node in nodes { node.compile(into: &program) }
      case .either(let nodes):
        var jumps: [Int] = []
        for (index, node) in nodes.enumerated() {
          if index == nodes.count - 1 {
            node.compile(into: &program)
            break
          }
          let split = program.count
          program.append(.split(split + 1, 0))
          node.compile(into: &program)
          jumps.append(program.count)
          program.append(.jump(0))
          program[split] = .split(split + 1, program.count)
        }
        for jump in jumps { program[jump] = .jump(program.count) }
      case .repeated(let node, let min, let max):
        for _ in 0..<min { node.compile(into: &program) }
        guard let max else {
          let loop = program.count
          program.append(.split(loop + 1, 0))
          node.compile(into: &program)
          program.append(.jump(loop))
          program[loop] = .split(loop + 1, program.count)
          return
        }
        var splits: [Int] = []
        for _ in min..<max {
          splits.append(program.count)
          program.append(.split(program.count + 1, 0))
          node.compile(into: &program)
        }
        for split in splits { program[split] = .split(split + 1, program.count) }
      }
    }
  }

  let scalars: [Unicode.Scalar]
  var index = 0
  var depth = 0

  init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

  static func add(_ a: Int, _ b: Int) -> Int { a > Int.max - b ? Int.max : a + b }
  static func times(_ a: Int, _ b: Int) -> Int { a == 0 || b == 0 ? 0 : (a > Int.max / b ? Int.max : a * b) }

  var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

  mutating func parseWhole() throws(PatternError) -> Node {
    let node = try parseEither()
    if peek == ")" { throw PatternError("a ')' at \(index + 1) closes no group") }
    return node
  }

  mutating func parseEither() throws(PatternError) -> Node {
    var branches = [try parseSequence()]
    while peek == "|" {
      index += 1
      branches.append(try parseSequence())
    }
    return branches.count == 1 ? branches[0] : .either(branches)
  }

  mutating func parseSequence() throws(PatternError) -> Node {
    var nodes: [Node] = []
    while let scalar = peek, scalar != "|", scalar != ")" {
      let atom = try parseAtom()
      nodes.append(try parseRepeat(atom))
    }
    return nodes.isEmpty ? .empty : nodes.count == 1 ? nodes[0] : .sequence(nodes)
  }

  mutating func parseRepeat(_ atom: Node) throws(PatternError) -> Node {
    var node = atom
    while let scalar = peek {
      let start = index
      var bounds: (Int, Int?)
      switch scalar {
      case "*": bounds = (0, nil)
      case "+": bounds = (1, nil)
      case "?": bounds = (0, 1)
      case "{":
        guard let counted = try readCount() else { return node }
        bounds = counted
      default: return node
      }
      if scalar != "{" { index += 1 }
      if case .step(let step) = node, [.start, .end].contains(step) || step.isBoundary {
        throw PatternError("'\(scalar)' at \(start + 1) repeats an anchor, which matches no text")
      }
      if peek == "?" { index += 1 }  // lazy: the same answer to "is there a match"
      if peek == "+" { throw PatternError("possessive repeats ('\(scalar)+') are not supported") }
      if peek == "*" || peek == "{" && (try? lookCount()) != nil {
        throw PatternError("'\(peek!)' at \(index + 1) repeats a repeat; put the inner one in a group")
      }
      node = .repeated(node, min: bounds.0, max: bounds.1)
    }
    return node
  }

  /// `{n}`, `{n,}`, `{n,m}` at `index` (moving past it), or nil when the brace is a literal one.
  mutating func readCount() throws(PatternError) -> (Int, Int?)? {
    guard let (bounds, end) = try lookCount() else { return nil }
    index = end
    return bounds
  }

  func lookCount() throws(PatternError) -> ((Int, Int?), Int)? {
    var position = index + 1
    func number() -> Int? {
      var digits = ""
      while position < scalars.count, ("0"..."9").contains(scalars[position]), digits.count < 8 {
        digits.unicodeScalars.append(scalars[position])
        position += 1
      }
      return Int(digits)
    }
    guard let low = number() else { return nil }
    var high: Int? = low
    if position < scalars.count, scalars[position] == "," {
      position += 1
      high = number()
    }
    guard position < scalars.count, scalars[position] == "}" else { return nil }
    if low > Pattern.maxCount || (high ?? 0) > Pattern.maxCount {
      throw PatternError("a count over \(Pattern.maxCount) (the bound on {n,m})")
    }
    if let high, high < low { throw PatternError("{\(low),\(high)}: the second count is below the first") }
    return ((low, high), position + 1)
  }
}

extension Pattern.Step {
  var isBoundary: Bool {
    if case .boundary = self { return true }
    return false
  }
}
