/// The store contract: every operation paysh asks of a store, whatever keeps it. Two backends honour it,
/// `SessionStore` (SQLite, the local default) and the team store (PostgreSQL), and one suite of tests runs
/// against both (StoreContractTests), so they cannot drift.
///
/// Every method commits what it writes before it returns (a snapshot with the lines that came before it),
/// and every failure is one `StoreError` line naming the store as `path` shows it (a URL with its password
/// masked). Sessions are numbered by the store (`id`); a session's uid is the same in every store it is
/// copied to, which is what makes import, push and pull idempotent.
public protocol SessionStorage: AnyObject {
  /// Where the store is, as the user may be shown it: a file path, or a URL with its password masked.
  var path: String { get }
  /// True when nothing may be written (a shared file, a store this user cannot write).
  var readOnly: Bool { get }
  /// What a write asked of a read-only store is refused with.
  var writeRefusal: StoreError { get }
  /// Who this paysh writes as; nil for none (a store made by a test or a tool).
  var author: String? { get }

  // Sessions.
  func createSession() throws(StoreError) -> Int64
  func sessions() throws(StoreError) -> [SessionStore.SessionInfo]
  func session(id: Int64) throws(StoreError) -> SessionStore.SessionInfo?
  func session(named name: String) throws(StoreError) -> SessionStore.SessionInfo?
  func session(uid: String) throws(StoreError) -> SessionStore.SessionInfo?
  func uid(of id: Int64) throws(StoreError) -> String?
  /// Names session `id` `name` (the name must be free).
  func name(session id: Int64, _ name: String) throws(StoreError)
  /// Names session `id` `name` unless another session holds it: that session, else nil.
  func claim(_ name: String, session id: Int64) throws(StoreError) -> SessionStore.SessionInfo?
  func drop(session id: Int64) throws(StoreError)
  /// The first of `name`, `name-2`, `name-3`, … that no session has.
  func freeName(like name: String) throws(StoreError) -> String

  // Snapshots, commands and named refs of one session.
  /// Commits `snapshot` as the next of `session` (numbered here) with `commands` in one transaction.
  func append(
    _ snapshot: Snapshot, session: Int64, commands: [SessionStore.CommandEntry]
  ) throws(StoreError)
    -> Snapshot
  /// As `append`, only while `session` is still the session `uid` names (not dropped, its id not taken by a
  /// session made since) and this store's author may write it (the session has no author, or the same one);
  /// else nil, nothing written. The check rides in the append's own transaction: on the team store the
  /// fetch's commit stays one statement, one round trip.
  func append(
    _ snapshot: Snapshot, session: Int64, uid: String, commands: [SessionStore.CommandEntry]
  ) throws(StoreError) -> Snapshot?
  /// As the guarded `append`, for several snapshots at once (numbered in order): all or nothing; nil when
  /// the session is no longer the one `uid` names or not this author's.
  func append(
    contentsOf snapshots: [Snapshot], session: Int64, uid: String, commands: [SessionStore.CommandEntry]
  ) throws(StoreError) -> [Snapshot]?
  /// Commits many snapshots of `session` in one transaction (numbered in order after its last).
  func append(contentsOf snapshots: [Snapshot], session: Int64) throws(StoreError)
  func snapshot(session: Int64, number: Int) throws(StoreError) -> Snapshot?
  func snapshots(session: Int64) throws(StoreError) -> [Snapshot]
  func snapshots(session: Int64, orderID: String) throws(StoreError) -> [Snapshot]
  /// The highest snapshot number of `session` (0 when it has none).
  func count(session: Int64) throws(StoreError) -> Int
  func totalSnapshots() throws(StoreError) -> Int
  /// The answers of `session` (about `orderID`, or all) as a case reads them.
  func caseAnswers(session: Int64, orderID: String?) throws(StoreError) -> [CaseAnswer]
  /// What `--resume` reads: `session`'s answers on `gateway` in `environment`, in order, one at a time.
  func snapshotHints(
    session: Int64, gateway: String, environment: String, _ each: (SessionStore.SnapshotHint) -> Void
  ) throws(StoreError)
  func recordCommands(_ lines: [SessionStore.CommandEntry], session: Int64) throws(StoreError)
  func commands(session: Int64) throws(StoreError) -> [SessionStore.CommandEntry]
  func tag(_ name: String, number: Int, session: Int64) throws(StoreError)
  func tags(session: Int64) throws(StoreError) -> [String: Int]

  /// Session `session`'s fetches and commands, in the order they happened (`history`).
  func history(session: Int64) throws(StoreError) -> [HistoryEntry]
  /// Every stored answer about `orderID` across every session, oldest first (`history ORDER`).
  func timeline(orderID: String) throws(StoreError) -> [HistoryEntry]

  /// The order statuses other sessions' answers showed (see `SessionStore.statuses(elsewhereThan:)`).
  func statuses(
    elsewhereThan session: Int64, gateway: String?, orderID: String?
  ) throws(StoreError)
    -> [SessionStore.StoredStatus]

  // Tab completion.
  func orderIDs(
    gateway: String, session: Int64?, startingWith prefix: String, limit: Int
  ) throws(StoreError)
    -> [String]
  func snapshotHints(session: Int64, numbers: ClosedRange<Int>) throws(StoreError) -> [SessionStore.SnapshotHint]
  func sessionNames(startingWith prefix: String, limit: Int) throws(StoreError) -> [String]

  // Copies between stores (export, import, push, pull).
  /// Session `id` whole, as another store would take it; nil when there is no such session.
  func transferable(session id: Int64) throws(StoreError) -> TransferredSession?
  /// Adds `session` (its uid, times, snapshots with their numbers and bytes, commands and tags) under `name`
  /// in one transaction; returns its new id.
  @discardableResult
  func adopt(_ session: TransferredSession, name: String?) throws(StoreError) -> Int64
}

extension SessionStorage {
  /// One guarded append after another (the team store: each its own statement), the lines with the first;
  /// nil when the first was refused.
  public func append(
    contentsOf snapshots: [Snapshot], session: Int64, uid: String, commands: [SessionStore.CommandEntry]
  ) throws(StoreError) -> [Snapshot]? {
    var stored: [Snapshot] = []
    for (index, snapshot) in snapshots.enumerated() {
      guard let kept = try append(snapshot, session: session, uid: uid, commands: index == 0 ? commands : []) else {
        return index == 0 ? nil : stored
      }
      stored.append(kept)
    }
    return stored
  }
}

/// A whole session on its way from one store to another.
public struct TransferredSession: Sendable {
  public var uid: String
  public var name: String?
  /// Who made it (each snapshot keeps its own).
  public var author: String?
  public var createdAt: String
  public var savedAt: String?
  public var snapshots: [Snapshot]
  public var commands: [SessionStore.CommandEntry]
  public var tags: [String: Int]

  public init(
    uid: String, name: String?, author: String?, createdAt: String, savedAt: String?, snapshots: [Snapshot],
    commands: [SessionStore.CommandEntry], tags: [String: Int]
  ) {
    self.uid = uid
    self.name = name
    self.author = author
    self.createdAt = createdAt
    self.savedAt = savedAt
    self.snapshots = snapshots
    self.commands = commands
    self.tags = tags
  }
}
