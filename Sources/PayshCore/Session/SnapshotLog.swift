/// Where snapshots go: appended (committed) before they are shown, read back by reference.
///
/// The in-memory log serves until the SQLite session store takes its place behind the same protocol.
public protocol SnapshotLog: AnyObject {
  /// Commits `snapshot` (its `number` is assigned here) and returns it as stored, with the command lines
  /// held back and `line` (the command line that made this snapshot) in the same transaction: a killed
  /// process never keeps a snapshot without the line that made it.
  func append(_ snapshot: Snapshot, line: LoggedLine?) throws -> Snapshot
  /// Commits `snapshots` (numbered here, in order) with the lines held back and `line`, in one transaction
  /// where the store allows: `listen` commits the deliveries that arrived together at once.
  func append(contentsOf snapshots: [Snapshot], line: LoggedLine?) throws -> [Snapshot]
  /// The snapshot numbered `number` in the current session.
  func snapshot(number: Int) throws -> Snapshot?
  /// How many snapshots the current session holds.
  func count() throws -> Int
  /// The current session's answers about `orderID` (on any gateway), or every answer when nil, in order, as
  /// a case reads them: what `case @N`, `check` and `expect check` are built from.
  func caseAnswers(orderID: String?) throws -> [CaseAnswer]
  /// The current session's answers on `gateway` in `environment`, in order, one at a time, with nothing
  /// of their bodies: what `--resume` asks of each.
  func snapshotHints(gateway: String, environment: String, _ each: (SessionStore.SnapshotHint) -> Void) throws
  /// The order statuses other sessions' answers showed, about one order (or, with none given, about every
  /// order of the current session), oldest first: what `status_backwards` reads across the store.
  func statusesElsewhere(gateway: String?, orderID: String?) throws -> [SessionStore.StoredStatus]
  /// Keeps a command line run in the current session (secrets already kept out by the caller).
  func recordCommand(_ text: String, status: ExitStatus) throws
  /// False when command lines are not kept (the caller need not even make their text).
  var keepsCommands: Bool { get }
  /// Writes command lines held back (a store writes them with the next snapshot, to commit once a fetch).
  func flushCommands() throws
  /// Throws when this log cannot keep a snapshot (a store open read-only): asked before a fetch sends
  /// anything, so a request is never made whose answer would be refused.
  func checkWritable() throws
  /// What happened to the log that the user must be told once (its session dropped by another paysh),
  /// handed over and forgotten.
  func takeNotices() -> [LogNotice]
}

/// What happened to a log behind the shell's back, for the user to be told once.
public enum LogNotice: Sendable, Hashable {
  /// Another paysh dropped the current session; the next write began a new one.
  case sessionDropped
  /// The store at this path can be read by other users (its mode, e.g. 0644): said when it is opened.
  case readableByOthers(String, mode: UInt32)
  /// The store at this path is not writable by this user: opened read-only.
  case openedReadOnly(String)

  public var message: String {
    switch self {
    case .sessionDropped:
      "note: this session was dropped from the store by another paysh; a new session begins here"
        + " (@1 is the next fetch; the lines run before and the session's @names are not kept)"
    case .readableByOthers(let path, let mode):
      "warning: the store \(path) can be read by other users (mode 0\(String(mode, radix: 8))) and holds"
        + " customer data; make it yours alone with: chmod 600 -- \(ShellWord.quote(path))"
    case .openedReadOnly(let path):
      "note: the store \(path) is read-only for you: opened to browse (sessions, history, show); nothing is stored"
    }
  }
}

/// A command line as the command log keeps it: its text (secrets already kept out) and how it ended.
public struct LoggedLine: Sendable, Hashable {
  public var text: String
  public var status: ExitStatus

  public init(text: String, status: ExitStatus) {
    self.text = text
    self.status = status
  }
}

extension SnapshotLog {
  /// One after the other, the line with the first.
  public func append(contentsOf snapshots: [Snapshot], line: LoggedLine?) throws -> [Snapshot] {
    var stored: [Snapshot] = []
    for (index, snapshot) in snapshots.enumerated() {
      stored.append(try append(snapshot, line: index == 0 ? line : nil))
    }
    return stored
  }

  /// None: a log in memory holds one session.
  public func statusesElsewhere(gateway: String?, orderID: String?) throws -> [SessionStore.StoredStatus] { [] }
  public var keepsCommands: Bool { true }
  public func flushCommands() throws {}
  public func checkWritable() throws {}
  public func takeNotices() -> [LogNotice] { [] }
}

/// Snapshots kept in memory for the life of the process.
public final class MemorySnapshotLog: SnapshotLog {
  var snapshots: [Snapshot] = []
  /// The lines run, with their status.
  public private(set) var commands: [(text: String, status: ExitStatus)] = []
  /// False to keep no command lines at all.
  public var keepsCommands = true

  public init() {}

  public func append(_ snapshot: Snapshot, line: LoggedLine? = nil) throws -> Snapshot {
    if let line { commands.append((line.text, line.status)) }
    var stored = snapshot
    stored.number = snapshots.count + 1
    snapshots.append(stored)
    return stored
  }

  public func snapshot(number: Int) throws -> Snapshot? {
    snapshots.indices.contains(number - 1) ? snapshots[number - 1] : nil
  }

  public func count() throws -> Int { snapshots.count }

  public func caseAnswers(orderID: String?) throws -> [CaseAnswer] {
    snapshots.filter { orderID == nil || $0.orderID == orderID || $0.resource == Snapshot.listeningResource }
      .map(CaseAnswer.init)
  }

  public func snapshotHints(
    gateway: String, environment: String, _ each: (SessionStore.SnapshotHint) -> Void
  ) throws {
    for snapshot in snapshots where snapshot.gateway == gateway && snapshot.environment == environment {
      each(
        SessionStore.SnapshotHint(
          number: snapshot.number, resource: snapshot.resource, orderID: snapshot.orderID, status: snapshot.status))
    }
  }

  public func recordCommand(_ text: String, status: ExitStatus) throws {
    commands.append((text, status))
  }
}
