#if canImport(Glibc)
import Glibc
#endif

/// Sharing sessions: `export NAME FILE.paysh` writes one session to a self-contained store file, and
/// `import FILE.paysh` merges such a file into this store.
extension SessionStore {
  /// What an import did with one session of the file.
  public enum ImportOutcome: Sendable, Hashable {
    /// Added under `name` (renamed when the file's name was taken here), with `snapshots` snapshots.
    case imported(name: String, renamedFrom: String?, snapshots: Int)
    /// The store already holds this session (same uid): nothing was added.
    case alreadyPresent(name: String)
  }

  /// Writes session `id` to a new `.paysh` file at `file` (mode 0600, no WAL: one self-contained file).
  public func export(session id: Int64, to file: String) throws(StoreError) {
    guard access(file, F_OK) != 0 else {
      throw .cannotWrite(file, detail: "the file exists; remove it or choose another name")
    }
    let destination = try SessionStore(path: file, writeAheadLog: false)
    do {
      try copy(session: id, from: self, into: destination, name: nil)
    } catch {
      unlink(file)
      throw error
    }
  }

  /// Merges every session of the `.paysh` file at `file` into this store, in one transaction.
  ///
  /// The file is checked first (SQLite's `quick_check`, the paysh marks, the schema version) and refused with
  /// one line when damaged, foreign or newer. A session already here (same uid) is not added again; a name
  /// taken here gets a suffix (`-2`, `-3`, …).
  public func importSessions(from file: String) throws(StoreError) -> [ImportOutcome] {
    let source = try SessionStore(path: file, readOnly: true, verify: true)
    var outcomes: [ImportOutcome] = []
    for session in try source.sessions() {
      let present = try attempt("read the sessions") {
        try database.text(
          "SELECT coalesce(name, 'unsaved-' || substr(uid, 1, 8)) FROM sessions WHERE uid = ?",
          [
            .text(session.uid)
          ])
      }
      if let present {
        outcomes.append(.alreadyPresent(name: present))
        continue
      }
      var name: String?
      // The file's name for the session follows the rules `save` applies (a crafted file can hold any text).
      if let given = session.name {
        name = try freeName(like: SessionName.conforming(given) ?? "imported-" + String(session.uid.prefix(8)))
      }
      try copy(session: session.id, from: source, into: self, name: name)
      outcomes.append(
        .imported(
          name: name ?? session.label, renamedFrom: name == session.name ? nil : session.name,
          snapshots: session.snapshots))
    }
    return outcomes
  }

  /// Copies session `id` of `source` into `destination` (uid, times, snapshots with their numbers and bytes,
  /// command log, named refs) in one transaction of `destination`; `name` replaces the session's name.
  func copy(
    session id: Int64, from source: SessionStore, into destination: SessionStore, name: String?
  ) throws(StoreError) {
    let snapshots = try source.snapshots(session: id)
    let commands = try source.commands(session: id)
    let tags = try source.tags(session: id)
    let header: (uid: String, name: String?, created: String, saved: String?)? = try source.attempt("read the session")
    {
      let statement = try source.database.prepare("SELECT uid, name, created_at, saved_at FROM sessions WHERE id = ?")
      try statement.bind(.integer(id), at: 1)
      guard try statement.step() else { return nil }
      return (statement.text(0), statement.optionalText(1), statement.text(2), statement.optionalText(3))
    }
    guard let header else { return }
    let database = destination.database
    try destination.attempt("write the imported session") {
      try database.transaction {
        try database.run(
          "INSERT INTO sessions(uid, name, created_at, saved_at) VALUES (?, ?, ?, ?)",
          [.text(header.uid), .optional(name ?? header.name), .text(header.created), .optional(header.saved)])
        let newID = database.lastInsertRowID
        // Each answer's reading is made again from its body here, never copied: a crafted file's rows
        // could say what its bodies do not.
        for snapshot in snapshots { try destination.insert(snapshot, session: newID) }
        for line in commands {
          try database.run(
            "INSERT INTO commands(session_id, text, status, ran_at) VALUES (?, ?, ?, ?)",
            [.integer(newID), .text(line.text), .int(line.status), .text(line.ranAt)])
        }
        for (tag, number) in tags {
          try database.run(
            "INSERT INTO tags(session_id, name, number) VALUES (?, ?, ?)", [.integer(newID), .text(tag), .int(number)])
        }
      }
    }
  }
}
