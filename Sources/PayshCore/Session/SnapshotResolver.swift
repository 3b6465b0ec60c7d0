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
    let count = try shell.services.snapshots.count()
    let number: Int
    switch ref {
    case .last: number = count
    case .previous: number = count - 1
    case .index(let index): number = index
    case .named(let name):
      guard let bound = shell.context.refs[name], !seen.contains(name) else {
        let close = Suggestion.closest(to: name, in: Array(shell.context.refs.keys))
        throw invocation.error(
          "no snapshot named @\(name)", at: word, label: close.map { "did you mean @\($0)?" },
          hint: "name one with `set \(name) = @last`; `vars` lists the names")
      }
      return try resolve(bound, at: word, seen: seen.union([name]))
    }
    guard count > 0 else {
      throw invocation.error("no snapshots yet in this session", at: word, hint: "`fetch` an order first")
    }
    guard number >= 1, number <= count, let snapshot = try shell.services.snapshots.snapshot(number: number) else {
      throw invocation.error(
        "\(ref) does not exist: this session has \(count) snapshot\(count == 1 ? "" : "s")", at: word,
        hint: "use @1 to @\(count), @last or @prev")
    }
    return snapshot
  }

  /// A reference fixed to a snapshot number now, so `set first = @last` keeps pointing at it.
  func pin(_ ref: SnapshotRef, at word: Word?) throws -> SnapshotRef {
    .index(try resolve(ref, at: word).number)
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
