import PayshJSON

/// What Tab may offer beyond the command specs: the order ids, snapshots, sessions, profiles and JSON that
/// paysh already holds. Read when Tab is pressed, never over the network, each read bounded.
public protocol KnownWords: Sendable {
  /// Order ids of the gateway in use starting with `prefix`: this session's first, then the store's, then
  /// (in `local`) the simulator's fixtures.
  func orderIDs(startingWith prefix: String) -> [String]
  /// `@N` of the current session whose digits start with `digits` (the newest when `digits` is empty),
  /// each with a hint of what it is.
  func snapshots(startingWith digits: String) -> [(ref: String, hint: String)]
  /// Stored session names starting with `prefix`.
  func sessionNames(startingWith prefix: String) -> [String]
  /// The profile names of config.toml.
  func profileNames() -> [String]
  /// The JSON of the snapshot `ref` means (`@3`, `@name`, `@last`; nil for the newest), when it is JSON.
  func document(of ref: String?) -> JSONValue?
}

/// The words a shell knows: its session store (or memory log), its context and config file.
///
/// Reads the interpreter's state without locking: made for one prompt and used only while the shell waits
/// for that line (no command runs meanwhile), which is what makes the `@unchecked Sendable` sound.
public final class ShellKnownWords: KnownWords, @unchecked Sendable {
  /// The most words one Tab reads from the store for each kind.
  public static let limit = 200
  let shell: Interpreter

  public init(_ shell: Interpreter) { self.shell = shell }

  public func orderIDs(startingWith prefix: String) -> [String] {
    guard let gateway = shell.context.gateway else { return [] }
    var found: [String] = []
    if let log = shell.services.snapshots as? StoredSnapshotLog {
      if let store = log.existingStore() {
        if let session = log.currentSession {
          found +=
            (try? store.orderIDs(gateway: gateway, session: session, startingWith: prefix, limit: Self.limit))
            ?? []
        }
        found += (try? store.orderIDs(gateway: gateway, session: nil, startingWith: prefix, limit: Self.limit)) ?? []
      }
    } else {
      found += memorySnapshots().filter { $0.gateway == gateway }.map(\.orderID).filter { $0.hasPrefix(prefix) }
    }
    if shell.context.environment == "local", let simulator = shell.services.localSimulator {
      found += simulator.fixtureOrderIDs(gateway: gateway).filter { $0.hasPrefix(prefix) }
    }
    var seen = Set<String>()
    return Array(found.filter { seen.insert($0).inserted }.prefix(Self.limit))
  }

  public func snapshots(startingWith digits: String) -> [(ref: String, hint: String)] {
    let log = shell.services.snapshots
    let count = (try? log.count()) ?? 0
    let ranges = Self.numberRanges(startingWith: digits, upTo: count, limit: Self.limit)
    var hints: [SessionStore.SnapshotHint] = []
    if let stored = log as? StoredSnapshotLog {
      guard let store = stored.existingStore(), let session = stored.currentSession else { return [] }
      for range in ranges { hints += (try? store.snapshotHints(session: session, numbers: range)) ?? [] }
    } else {
      hints = ranges.joined().compactMap { try? log.snapshot(number: $0) }.map {
        SessionStore.SnapshotHint(number: $0.number, resource: $0.resource, orderID: $0.orderID, status: $0.status)
      }
    }
    return hints.map { hint in
      let part = hint.resource == "order" ? "" : " \(hint.resource)"
      return ("@\(hint.number)", "\(hint.orderID)\(part) · HTTP \(hint.status)")
    }
  }

  public func sessionNames(startingWith prefix: String) -> [String] {
    guard let log = shell.services.snapshots as? StoredSnapshotLog, let store = log.existingStore() else { return [] }
    return (try? store.sessionNames(startingWith: prefix, limit: Self.limit)) ?? []
  }

  public func profileNames() -> [String] {
    let path = ConfigFile.path(environment: shell.environment)
    guard case .success(let text) = FileText.text(path, limit: FileText.maxTextBytes(environment: shell.environment)),
      let config = try? ConfigFile.parse(SourceFile(name: path, text: text))
    else { return [] }
    return config.profiles.keys.sorted()
  }

  public func document(of ref: String?) -> JSONValue? {
    guard let snapshot = snapshot(ref: ref.map { SnapshotRef(String($0.dropFirst())) } ?? .last, depth: 0) else {
      return nil
    }
    return try? JSONParser.parse(snapshot.body)
  }

  /// The snapshot `ref` means, following `@name`s a few steps at most.
  func snapshot(ref: SnapshotRef?, depth: Int) -> Snapshot? {
    guard let ref, depth < 8 else { return nil }
    switch ref {
    case .named(let name): return snapshot(ref: shell.context.refs[name], depth: depth + 1)
    case .inSession(let name, let inner):
      guard let log = shell.services.snapshots as? StoredSnapshotLog, let store = log.existingStore(),
        let session = try? store.session(named: name), let count = try? store.count(session: session.id),
        let number = inner.number(among: count)
      else { return nil }
      return try? store.snapshot(session: session.id, number: number)
    case .last, .previous, .index:
      let count = (try? shell.services.snapshots.count()) ?? 0
      guard let number = ref.number(among: count), number >= 1, number <= count else { return nil }
      return try? shell.services.snapshots.snapshot(number: number)
    }
  }

  /// The snapshots of a memory log (a shell without a store), at most `limit` of the newest.
  func memorySnapshots() -> [Snapshot] {
    let count = (try? shell.services.snapshots.count()) ?? 0
    return (max(1, count - Self.limit + 1)...max(1, count)).compactMap {
      try? shell.services.snapshots.snapshot(number: $0)
    }
  }

  /// The ranges of numbers from 1 to `count` whose decimal digits start with `digits`, in order, holding
  /// `limit` numbers at most: `12` among 1,500 is 12, 120…129, 1200…1299. No digits: the newest `limit`.
  public static func numberRanges(startingWith digits: String, upTo count: Int, limit: Int) -> [ClosedRange<Int>] {
    guard count > 0 else { return [] }
    guard !digits.isEmpty else { return [max(1, count - limit + 1)...count] }
    guard digits.first != "0", digits.count <= 18, let first = Int(digits), first <= count else { return [] }
    var ranges: [ClosedRange<Int>] = []
    var taken = 0
    var (lower, width) = (first, 1)
    while lower <= count, taken < limit {
      let upper = min(count, lower + width - 1, lower + (limit - taken) - 1)
      ranges.append(lower...upper)
      taken += upper - lower + 1
      guard lower <= Int.max / 10, width <= Int.max / 10 else { break }
      (lower, width) = (lower * 10, width * 10)
    }
    return ranges
  }
}
