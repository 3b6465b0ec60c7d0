#if canImport(Glibc)
import Glibc
#endif

/// The snapshot log of a shell backed by the session store, opened on first use.
///
/// Nothing touches the disk until a command needs the store (the first fetch, `save`, `sessions`, …), so
/// `help` and plain scripts start fast. The shell's session is created when the first snapshot is stored
/// or the session is saved; lines run before that are held in memory and written into the session's
/// command log when it begins (`open NAME` makes them part of the opened session's log).
public final class StoredSnapshotLog: SnapshotLog {
  /// The store file, or the team store's URL with its password masked.
  public let path: String
  /// The team store to open instead of a file, when `--store` (or `PAYSH_STORE`, or `store` in config.toml)
  /// named a PostgreSQL URL.
  public let team: TeamStoreSettings?
  /// True for `paysh open FILE.paysh`: reading only, nothing written, no command log.
  public let readOnly: Bool
  /// Make the file's missing folders: only for the default location (see `StoreLocation`).
  public let makeFolders: Bool
  var opened: (any SessionStorage)?
  /// The row id of the current session; nil until one is started or opened.
  public private(set) var currentSession: Int64?
  /// The current session's uid: its row id can be taken by a session made after it was dropped.
  var currentUID: String?
  /// The current session's label and author when it is a colleague's (another author's): read-only here.
  public private(set) var colleague: (label: String, author: String)?
  /// Lines not written yet. With a session, they go in with its next snapshot's transaction, or when a
  /// command changes or reads the store, the session changes, a run ends (each line at the prompt is a run),
  /// or 64 have gathered; before any session, they wait to be the first lines of the one that begins.
  var unwritten: [SessionStore.CommandEntry] = []
  /// What the user must be told once (the session was dropped by another paysh), taken by the interpreter.
  var notices: [LogNotice] = []

  /// False while a run writes many answers: the store is then read without its memory map
  /// (`SessionStore.mapReads`), also when it is opened in the meantime.
  public private(set) var mapsReads = true

  /// Who this paysh writes as (`$USER`, or `author` in config.toml): each session and snapshot carries it.
  public let author: String?

  public init(path: String, readOnly: Bool = false, makeFolders: Bool = false, author: String? = nil) {
    self.path = path
    self.readOnly = readOnly
    self.makeFolders = makeFolders
    self.author = author
    team = nil
  }

  /// A log on the team store `team`, opened (connected, migrated) on first use.
  public init(team: TeamStoreSettings, author: String?) {
    path = team.url.masked
    readOnly = false
    makeFolders = false
    self.author = author
    self.team = team
  }

  /// A new log on the same store (file or team store), written as the same author, with no session yet:
  /// what a script run from this shell writes to.
  public func onSameStore() -> StoredSnapshotLog {
    if let team { return StoredSnapshotLog(team: team, author: author) }
    return StoredSnapshotLog(path: path, makeFolders: makeFolders, author: author)
  }

  /// True once the file has been opened.
  public var isOpen: Bool { opened != nil }

  /// False when nothing may be written: `paysh open FILE.paysh`, a store found not writable, or a
  /// colleague's session (the lines typed while reading it are not added to their log).
  var writes: Bool { !readOnly && opened?.readOnly != true && colleague == nil }

  /// The store, opened (created, migrated or refused) on first call.
  ///
  /// The user's store is opened read-only when this user cannot write it (browsing works, fetch and save
  /// are refused), and a store other users can read is warned of once (it holds customer data).
  public func store() throws(StoreError) -> any SessionStorage {
    if let opened { return opened }
    if let team {
      let made = try team.open(author: author)
      opened = made
      return made
    }
    let given = path != SessionStore.inMemory && !readOnly && FileText.exists(path)
    let unwritable = given && access(path, W_OK) != 0
    let made = try SessionStore(
      path: path, readOnly: readOnly || unwritable, verify: readOnly, makeFolders: makeFolders)
    made.author = author
    if unwritable {
      made.writeRefusal = .notWritable(path)
      notices.append(.openedReadOnly(path))
    }
    var info = stat()
    if path != SessionStore.inMemory, !readOnly, stat(path, &info) == 0, info.st_mode & 0o077 != 0 {
      notices.append(.readableByOthers(path, mode: UInt32(info.st_mode & 0o777)))
    }
    if !mapsReads { try made.mapReads(false) }
    opened = made
    if readOnly, currentSession == nil, let first = try made.sessions().first {
      currentSession = first.id
      currentUID = first.uid
    }
    return made
  }

  /// Reads the store through its memory map or not (`SessionStore.mapReads`; a team store has none).
  public func mapReads(_ on: Bool) throws(StoreError) {
    mapsReads = on
    try (opened as? SessionStore)?.mapReads(on)
  }

  /// The current session, started now when there is none yet.
  public func ensureSession() throws(StoreError) -> Int64 {
    let store = try store()
    if let currentSession { return currentSession }
    if store.readOnly { throw store.writeRefusal }
    let id = try store.createSession()
    try use(session: id)
    return id
  }

  /// Makes session `id` current; lines held in memory go into its command log.
  public func use(session id: Int64) throws(StoreError) {
    try flushCommands()  // the lines of the session left, if one was current
    currentSession = id
    let info = try store().session(id: id)
    currentUID = info?.uid
    colleague = nil
    // Another author's session, or any author's when this paysh does not know who it is: never written.
    if let info, let owner = info.author, owner != author { colleague = (info.label, owner) }
    try flushCommands()  // lines run before any session
  }

  /// Throws when the current session is a colleague's: nothing of theirs is changed (`action` says what).
  public func checkOwn(_ action: String) throws(StoreError) {
    if let colleague { throw .colleaguesSession(colleague.label, author: colleague.author, action: action) }
  }

  /// Forgets the current session (it was dropped): the next fetch starts a new one.
  public func leaveSession() {
    unwritten = []  // the session is gone, and its log with it
    currentSession = nil
    currentUID = nil
    colleague = nil
  }

  /// Writes the command lines gathered for the current session.
  public func flushCommands() throws(StoreError) {
    guard writes else {
      unwritten = []  // a store opened read-only keeps no command log
      return
    }
    guard let currentSession, !unwritten.isEmpty else { return }
    if try sessionVanished() { return }
    let lines = unwritten
    unwritten = []
    do {
      try store().recordCommands(lines, session: currentSession)
    } catch {
      guard try sessionVanished() else { throw error }
    }
  }

  /// Commits `snapshot` (with the lines run before it) to the current session, started now when there is
  /// none. The append itself checks that the session is still there and still the writer's, so a fetch's
  /// commit is one round trip to a team store; only when it wrote nothing is the reason looked up.
  public func append(_ snapshot: Snapshot, line: LoggedLine? = nil) throws -> Snapshot {
    try checkOwn("a fetch")
    let session = try ensureSession()
    let lines = unwritten + (line.map { [SessionStore.CommandEntry($0)] } ?? [])
    let stored: Snapshot?
    do {
      stored = try store().append(snapshot, session: session, uid: currentUID ?? "", commands: lines)
    } catch {
      guard try sessionVanished() else { throw error }
      return try appendToNewSession(snapshot, line: line)
    }
    if let stored {
      unwritten = []
      return stored
    }
    // Nothing was written. Dropped by another paysh since (or its id now another session's): say so once,
    // and this snapshot starts a session of its own.
    if try sessionVanished() { return try appendToNewSession(snapshot, line: line) }
    if let info = try store().session(id: session), let owner = info.author, owner != author {
      colleague = (info.label, owner)
      try checkOwn("a fetch")
    }
    throw StoreError.unreachable("session #\(session)", detail: "it was dropped")
  }

  /// Commits `snapshots` in one transaction, as `append(_:line:)` commits one.
  public func append(contentsOf snapshots: [Snapshot], line: LoggedLine?) throws -> [Snapshot] {
    guard snapshots.count > 1 else { return try snapshots.map { try append($0, line: line) } }
    try checkOwn("a fetch")
    let session = try ensureSession()
    let lines = unwritten + (line.map { [SessionStore.CommandEntry($0)] } ?? [])
    if let stored = try store().append(contentsOf: snapshots, session: session, uid: currentUID ?? "", commands: lines)
    {
      unwritten = []
      return stored
    }
    // Refused: the single append finds out why (a dropped session starts a new one; a colleague's refuses).
    var stored = [try append(snapshots[0], line: line)]
    for snapshot in snapshots.dropFirst() { stored.append(try append(snapshot, line: nil)) }
    return stored
  }

  /// The snapshot as the first of a new session (the one it was meant for was dropped).
  func appendToNewSession(_ snapshot: Snapshot, line: LoggedLine?) throws -> Snapshot {
    let fresh = try ensureSession()
    return try store().append(snapshot, session: fresh, commands: line.map { [SessionStore.CommandEntry($0)] } ?? [])
  }

  /// True, with a notice and the session left, when the current session is no longer in the store: another
  /// paysh dropped it (its row is gone, or its id now belongs to a session made since: the uid tells). One
  /// lookup by primary key before each write.
  func sessionVanished() throws(StoreError) -> Bool {
    guard let currentSession, try store().uid(of: currentSession) != currentUID else { return false }
    notices.append(.sessionDropped)
    leaveSession()
    return true
  }

  public func takeNotices() -> [LogNotice] {
    defer { notices = [] }
    return notices
  }

  public func snapshot(number: Int) throws -> Snapshot? {
    guard let session = try sessionIfAny() else { return nil }
    return try store().snapshot(session: session, number: number)
  }

  public func caseAnswers(orderID: String?) throws -> [CaseAnswer] {
    guard let session = try sessionIfAny() else { return [] }
    return try store().caseAnswers(session: session, orderID: orderID)
  }

  public func snapshotHints(
    gateway: String, environment: String, _ each: (SessionStore.SnapshotHint) -> Void
  ) throws {
    guard let session = try sessionIfAny() else { return }
    try store().snapshotHints(session: session, gateway: gateway, environment: environment, each)
  }

  public func statusesElsewhere(gateway: String?, orderID: String?) throws -> [SessionStore.StoredStatus] {
    guard let store = existingStore() else { return [] }
    return try store.statuses(elsewhereThan: currentSession ?? -1, gateway: gateway, orderID: orderID)
  }

  public func count() throws -> Int {
    guard let session = try sessionIfAny() else { return 0 }
    return try store().count(session: session)
  }

  /// The current session without starting one (a read-only file opens its session on first use).
  func sessionIfAny() throws(StoreError) -> Int64? {
    if currentSession == nil, readOnly { _ = try store() }
    return currentSession
  }

  public func checkWritable() throws {
    let store = try store()
    if store.readOnly { throw store.writeRefusal }
    try checkOwn("a fetch")
  }

  public func recordCommand(_ text: String, status: ExitStatus) throws {
    guard writes else { return }
    unwritten.append(SessionStore.CommandEntry(LoggedLine(text: text, status: status)))
    if unwritten.count >= 64 { try flushCommands() }
  }

  /// Names snapshot `number` of the current session `@name` in the store, when a session exists.
  public func tag(_ name: String, number: Int) throws {
    guard writes else { return }
    if try sessionVanished() { return }
    guard let currentSession else { return }
    do {
      try store().tag(name, number: number, session: currentSession)
    } catch {
      guard try sessionVanished() else { throw error }
    }
  }
}

extension StoredSnapshotLog {
  /// The store when its file exists (opened now if it was not), else nil: for reads that must not create
  /// a store, such as Tab completion.
  public func existingStore() -> (any SessionStorage)? {
    if let opened { return opened }
    guard team != nil || FileText.exists(path) else { return nil }
    return try? store()
  }
}
