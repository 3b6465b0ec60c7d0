import PayshJSON

/// The two sides of a `diff`: snapshots by reference (the defaults filled in) or JSON files.
struct DiffOperands {
  /// One side: a stored snapshot, or a JSON document read from a file.
  struct Side {
    var label: String
    var snapshot: Snapshot?
    var document: JSONValue?
    var resolver: SnapshotResolver
    var word: Word?

    func json() throws -> JSONValue {
      if let document { return document }
      guard let snapshot else { return .null }
      return try resolver.json(snapshot, at: word)
    }
  }

  let shell: Interpreter
  let invocation: Invocation
  let resolver: SnapshotResolver

  func pair() throws -> (Side, Side) {
    let words = invocation.positionals
    switch words.count {
    case 0:
      let newest = try resolver.resolve(nil)
      return (try side(try previous(of: newest, at: nil)), try side(newest))
    case 1:
      let first = try side(words[0])
      guard let chosen = first.snapshot else {
        throw invocation.error(
          "diff needs a second side for \(first.label)", at: words[0],
          hint: "write `diff A.json B.json` or `diff @N A.json`")
      }
      let newest = try resolver.resolve(nil)
      if newest.number == chosen.number, isCurrentSession(words[0]) {
        return (try side(try previous(of: chosen, at: words[0])), first)
      }
      return (first, try side(newest))
    default:
      return (try side(words[0]), try side(words[1]))
    }
  }

  func isCurrentSession(_ word: Word) -> Bool {
    guard let name = word.refName, let ref = SnapshotRef(name) else { return false }
    if case .inSession = ref { return false }
    return true
  }

  /// The newest earlier snapshot of the same order and resource.
  func previous(of snapshot: Snapshot, at word: Word?) throws -> Snapshot {
    var number = snapshot.number - 1
    while number >= 1 {
      if let candidate = try shell.services.snapshots.snapshot(number: number), candidate.gateway == snapshot.gateway,
        candidate.orderID == snapshot.orderID, candidate.resource == snapshot.resource
      {
        return candidate
      }
      number -= 1
    }
    throw invocation.error(
      "@\(snapshot.number) is the only snapshot of \(snapshot.gateway) \(snapshot.resource) \(snapshot.orderID) in this session",
      at: word, hint: "fetch it again to compare, or name two snapshots: diff @a @b")
  }

  func side(_ snapshot: Snapshot) throws -> Side {
    Side(label: "@\(snapshot.number)", snapshot: snapshot, document: nil, resolver: resolver, word: nil)
  }

  func side(_ word: Word) throws -> Side {
    if word.refName != nil {
      let snapshot = try resolver.resolve(word)
      let label = word.literal.flatMap { $0.contains(":") ? $0 : nil } ?? "@\(snapshot.number)"
      return Side(label: label, snapshot: snapshot, document: nil, resolver: resolver, word: word)
    }
    let path = try shell.expand(word, in: invocation)
    let bytes: [UInt8]
    switch FileText.contents(path, limit: FileText.maxTextBytes(environment: shell.environment)) {
    case .success(let read): bytes = read
    case .failure(let refusal):
      throw invocation.error(
        "\(refusal)", at: word, hint: "diff takes snapshot references (@last, @prev, @N, @name) or JSON files")
    }
    do {
      return Side(label: path, snapshot: nil, document: try JSONParser.parse(bytes), resolver: resolver, word: word)
    } catch {
      throw invocation.error("\(path) is not JSON: \(error)", at: word)
    }
  }

  /// `  cashfree local · order cf_sim_paid · 10:00:01Z → 10:05:09Z` for two snapshots; empty otherwise.
  static func context(_ old: Snapshot?, _ new: Snapshot?) -> String {
    guard let old, let new else { return "" }
    var parts: [String] = []
    let where1 = "\(old.gateway) \(old.environment)"
    let where2 = "\(new.gateway) \(new.environment)"
    parts.append(where1 == where2 ? where1 : "\(where1) → \(where2)")
    let what1 = "\(old.resource) \(old.orderID)"
    let what2 = "\(new.resource) \(new.orderID)"
    parts.append(what1 == what2 ? what1 : "\(what1) → \(what2)")
    if old.apiVersion != new.apiVersion, !old.apiVersion.isEmpty || !new.apiVersion.isEmpty {
      parts.append("\(old.apiVersion) → \(new.apiVersion)")
    }
    parts.append("\(old.fetchedAt) → \(new.fetchedAt)")
    return "  " + parts.joined(separator: " · ")
  }
}
