#if canImport(Glibc)
import Glibc
#endif

/// What an import (or a pull or push) did with one session.
public enum ImportOutcome: Sendable, Hashable {
  /// Added under `name` (renamed when the file's name was taken here), with `snapshots` snapshots.
  case imported(name: String, renamedFrom: String?, snapshots: Int)
  /// The store already holds this session (same uid): nothing was added.
  case alreadyPresent(name: String)
}

/// Sharing sessions between stores, whatever keeps them: `export NAME FILE.paysh` writes one session to a
/// self-contained SQLite file, `import FILE.paysh` merges such a file in, and `push` / `pull` copy one session
/// between the local store and the team's. Every copy goes through `transferable` and `adopt`, so a session
/// arrives with its uid, times, snapshot numbers and bytes, command log and named refs, and each answer's
/// case reading is made again from its body in the store it arrives in.
extension SessionStorage {
  /// Writes session `id` to a new `.paysh` file at `file` (mode 0600, no WAL: one self-contained file).
  public func export(session id: Int64, to file: String) throws(StoreError) {
    guard access(file, F_OK) != 0 else {
      throw .cannotWrite(file, detail: "the file exists; remove it or choose another name")
    }
    let destination = try SessionStore(path: file, writeAheadLog: false)
    do {
      guard let session = try transferable(session: id) else { return }
      try destination.adopt(session, name: session.name)
    } catch {
      unlink(file)
      throw error
    }
  }

  /// Merges every session of the `.paysh` file at `file` into this store.
  ///
  /// The file is checked first (SQLite's `quick_check`, the paysh marks, the schema version) and refused with
  /// one line when damaged, foreign or newer. A session already here (same uid) is not added again; a name
  /// taken here gets a suffix (`-2`, `-3`, …).
  public func importSessions(from file: String) throws(StoreError) -> [ImportOutcome] {
    let source = try SessionStore(path: file, readOnly: true, verify: true)
    var outcomes: [ImportOutcome] = []
    for session in try source.sessions() {
      outcomes.append(try copyIn(session.id, from: source))
    }
    return outcomes
  }

  /// Copies session `id` of `source` into this store unless a session with its uid is here already. The
  /// source's name follows the rules `save` applies (a crafted file can hold any text), made free here.
  public func copyIn(_ id: Int64, from source: any SessionStorage) throws(StoreError) -> ImportOutcome {
    guard let session = try source.transferable(session: id) else {
      throw .unreachable(source.path, detail: "its session #\(id) is gone")
    }
    // The check and the copy are two steps: another paysh copying the same session, or taking the same
    // name, between them makes the copy break a unique key; it is looked at again (a few times at most).
    var attempt = 0
    while true {
      if let present = try self.session(uid: session.uid) { return .alreadyPresent(name: present.label) }
      var name: String?
      if let given = session.name {
        name = try freeName(like: SessionName.conforming(given) ?? "imported-" + String(session.uid.prefix(8)))
      }
      do {
        try adopt(session, name: name)
      } catch let error where error.isUniqueViolation && attempt < 5 {
        attempt += 1
        continue
      }
      let label = name ?? "unsaved-" + session.uid.prefix(8)
      return .imported(
        name: label, renamedFrom: name == session.name ? nil : session.name, snapshots: session.snapshots.count)
    }
  }
}

extension StoreError {
  /// A write that broke a unique key (a uid or a name another paysh took meanwhile), in either backend.
  var isUniqueViolation: Bool {
    switch self {
    case .database(_, _, let error): error.primaryCode == 19  // SQLITE_CONSTRAINT
    case .team(let error, _): error.sqlState == "23505"
    default: false
    }
  }
}

extension SessionStore {
  public func transferable(session id: Int64) throws(StoreError) -> TransferredSession? {
    let header: (uid: String, name: String?, created: String, saved: String?, author: String?)? = try attempt(
      "read the session"
    ) {
      let statement = try database.prepare(
        "SELECT uid, name, created_at, saved_at, \(StoreSchema.hasAuthors(schemaVersion) ? "author" : "NULL")"
          + " FROM sessions WHERE id = ?")
      try statement.bind(.integer(id), at: 1)
      guard try statement.step() else { return nil }
      return (
        statement.text(0), statement.optionalText(1), statement.text(2), statement.optionalText(3),
        statement.optionalText(4)
      )
    }
    guard let header else { return nil }
    return TransferredSession(
      uid: header.uid, name: header.name, author: header.author, createdAt: header.created, savedAt: header.saved,
      snapshots: try snapshots(session: id), commands: try commands(session: id), tags: try tags(session: id))
  }

  @discardableResult
  public func adopt(_ session: TransferredSession, name: String?) throws(StoreError) -> Int64 {
    try attempt("write the copied session") {
      try database.transaction {
        try database.run(
          "INSERT INTO sessions(uid, name, created_at, saved_at, author) VALUES (?, ?, ?, ?, ?)",
          [
            .text(session.uid), .optional(name), .text(session.createdAt), .optional(session.savedAt),
            .optional(session.author),
          ])
        let newID = database.lastInsertRowID
        // Each answer's reading is made again from its body here, never copied: a crafted file's rows
        // could say what its bodies do not.
        for snapshot in session.snapshots { try insert(snapshot, session: newID) }
        try insertCommands(session.commands, session: newID)
        for (tag, number) in session.tags.sorted(by: { $0.key < $1.key }) {
          try database.run(
            "INSERT INTO tags(session_id, name, number) VALUES (?, ?, ?)", [.integer(newID), .text(tag), .int(number)])
        }
        return newID
      }
    }
  }
}
