import PayshJSON

/// Finds the snapshot a reference points at in the current session: `@last`, `@prev`, `@N`, `@name`.
struct SnapshotResolver {
  let shell: Interpreter
  let invocation: Invocation

  /// The snapshot for `word` (an `@ref` word), or the newest when `word` is nil.
  func resolve(_ word: Word?) throws -> Snapshot {
    var ref = SnapshotRef.last
    if let word {
      guard let name = word.refName, let parsed = SnapshotRef(name) else {
        throw invocation.error(
          "'\(word.raw)' is not a snapshot reference", at: word, hint: "use @last, @prev, @N or @name")
      }
      ref = parsed
    }
    return try resolve(ref, at: word)
  }

  func resolve(_ ref: SnapshotRef, at word: Word?, seen: Set<String> = []) throws -> Snapshot {
    switch ref {
    case .last, .previous, .index: break
    case .named(let name):
      guard let bound = shell.context.refs[name], !seen.contains(name) else {
        let close = Suggestion.closest(to: name, in: Array(shell.context.refs.keys))
        throw invocation.error(
          "no snapshot named @\(name)", at: word, label: close.map { "did you mean @\($0)?" },
          hint: "name one with `set \(name) = @last`; `vars` lists the names")
      }
      return try resolve(bound, at: word, seen: seen.union([name]))
    case .inSession(let name, let inner):
      return try resolve(inner, inSession: name, at: word)
    }
    let count = try shell.services.snapshots.count()
    let number = ref.number(among: count) ?? count
    guard count > 0 else {
      throw invocation.error("no snapshots yet in this session", at: word, hint: "`fetch` an order first")
    }
    guard number >= 1, number <= count, let snapshot = try shell.services.snapshots.snapshot(number: number) else {
      throw invocation.error(
        "\(ref) does not exist: this session has \(Counted.text(count, "snapshot"))", at: word,
        hint: "use @1 to @\(count), @last or @prev")
    }
    return snapshot
  }

  /// A snapshot of the stored session called `name` (saved, opened or imported).
  func resolve(_ ref: SnapshotRef, inSession name: String, at word: Word?) throws -> Snapshot {
    guard let log = shell.services.snapshots as? StoredSnapshotLog else {
      throw invocation.error("@\(name):… needs the session store; this shell keeps snapshots in memory", at: word)
    }
    let store = try log.store()
    guard let session = try store.session(named: name) else {
      let close = Suggestion.closest(to: name, in: try store.sessions().compactMap(\.name))
      throw invocation.error(
        "no stored session named \(name)", at: word, label: close.map { "did you mean \($0)?" },
        hint: "`sessions` lists them; `import FILE.paysh` brings in a shared one")
    }
    let count = try store.count(session: session.id)
    let number = ref.number(among: count) ?? count
    guard number >= 1, number <= count, let snapshot = try store.snapshot(session: session.id, number: number) else {
      throw invocation.error(
        "session \(name) has \(Counted.text(count, "snapshot")); \(SnapshotRef.inSession(name, ref)) is not one",
        at: word, hint: count > 0 ? "use @\(name):1 to @\(name):\(count)" : nil)
    }
    return snapshot
  }

  /// A reference fixed to a snapshot number now, so `set first = @last` keeps pointing at it.
  func pin(_ ref: SnapshotRef, at word: Word?) throws -> SnapshotRef {
    if case .inSession(let name, let inner) = ref {
      return .inSession(name, .index(try resolve(inner, inSession: name, at: word).number))
    }
    return .index(try resolve(ref, at: word).number)
  }

  /// The body of `snapshot` as JSON, or an error explaining it is not JSON.
  func json(_ snapshot: Snapshot, at word: Word?) throws -> JSONValue {
    do {
      return try JSONParser.parse(snapshot.body)
    } catch {
      throw invocation.error(
        "@\(snapshot.number) is not JSON (\(error))", at: word,
        hint: "`show @\(snapshot.number) --raw-text` prints it as received")
    }
  }

  /// The values at `pathWord` in `document`, or an error saying what exists there.
  func values(at pathWord: Word, text: String, in document: JSONValue) throws -> [JSONValue] {
    let path: JSONPath
    do {
      path = try JSONPath.parse(text)
    } catch {
      throw invocation.error(
        "invalid path: \(error)", at: pathWord, hint: "paths look like .order.customer or .[0].payment_status")
    }
    switch path.resolve(in: document) {
    case .success(let values): return values
    case .failure(let miss):
      throw invocation.error("\(miss)", at: pathWord, label: "not found")
    }
  }
}
