extension Pattern {
  /// True when the pattern matches somewhere in `text` (anchors aside).
  ///
  /// Every thread of the program advances one scalar at a time together (a Pike VM): the work is at most the
  /// text's length times the program's size, whatever the pattern. Cancellation (Ctrl-C) is checked every
  /// 256 scalars and ends the match with `CancellationError`.
  public func matches(in text: String) throws(CancellationError) -> Bool {
    let input = Array(text.unicodeScalars)
    var current = Threads(count: program.count)
    var next = Threads(count: program.count)
    var stack: [Int] = []
    for position in 0...input.count {
      if position & 255 == 0, Task.isCancelled { throw CancellationError() }
      // A thread starts at every position: the pattern is searched for, not anchored.
      if add(0, at: position, input, to: &current, &stack) { return true }
      guard position < input.count, !current.pcs.isEmpty else {
        if position < input.count, program.first == .start { return false }
        current.clear()
        continue
      }
      let scalar = input[position]
      next.clear()
      for pc in current.pcs {
        let moves: Bool
        switch program[pc] {
        case .scalar(let wanted): moves = wanted == scalar
        case .any: moves = scalar != "\n"
        case .set(let set): moves = set.contains(scalar)
        default: moves = false
        }
        if moves, add(pc + 1, at: position + 1, input, to: &next, &stack) { return true }
      }
      swap(&current, &next)
    }
    return false
  }

  /// Adds the thread at `pc` and every one it reaches without reading (splits, jumps, anchors that hold at
  /// `position`); true when one of them is the match.
  func add(
    _ pc: Int, at position: Int, _ input: [Unicode.Scalar], to threads: inout Threads, _ stack: inout [Int]
  ) -> Bool {
    stack.removeAll(keepingCapacity: true)
    stack.append(pc)
    while let pc = stack.popLast() {
      guard threads.insert(pc) else { continue }
      switch program[pc] {
      case .match: return true
      case .jump(let target): stack.append(target)
      case .split(let first, let second):
        stack.append(second)
        stack.append(first)
      case .start: if position == 0 { stack.append(pc + 1) }
      case .end: if position == input.count { stack.append(pc + 1) }
      case .boundary(let wanted):
        let before = position > 0 && Character.Class.isWord(input[position - 1])
        let after = position < input.count && Character.Class.isWord(input[position])
        if (before != after) == wanted { stack.append(pc + 1) }
      case .scalar, .any, .set: break  // waits for the next scalar (kept in `pcs`)
      }
    }
    return false
  }

  /// The threads at one position: a sparse set of program counters, cleared in constant time.
  struct Threads {
    var pcs: [Int] = []
    var seen: [UInt32]
    var generation: UInt32 = 1

    init(count: Int) { seen = [UInt32](repeating: 0, count: count) }

    /// Adds `pc`; false when it was there already.
    mutating func insert(_ pc: Int) -> Bool {
      if seen[pc] == generation { return false }
      seen[pc] = generation
      pcs.append(pc)
      return true
    }

    mutating func clear() {
      pcs.removeAll(keepingCapacity: true)
      generation &+= 1
      if generation == 0 {
        seen = [UInt32](repeating: 0, count: seen.count)
        generation = 1
      }
    }
  }
}
