/// Why a store or a `.paysh` file was refused or could not be used: always one clear line.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The file is not an SQLite database at all.
  case notSQLite(String)
  /// An SQLite database, but not one paysh wrote.
  case notAStore(String)
  /// Written by a newer paysh: its schema is beyond what this one knows.
  case newerSchema(String, found: Int, known: Int)
  /// SQLite found the file damaged.
  case corrupt(String, detail: String)
  /// The file or its folder could not be made or opened.
  case unreachable(String, detail: String)
  /// An export file could not be written.
  case cannotWrite(String, detail: String)
  /// A write was asked of a store opened read-only.
  case readOnly(String)
  /// A write was asked of the user's store, which this user cannot write (opened read-only to browse it).
  case notWritable(String)
  /// Any other SQLite failure, while doing `action`.
  case database(String, action: String, DatabaseError)
  /// A write asked of a colleague's session (label, its author): read-only for anyone else.
  case colleaguesSession(String, author: String, action: String)
  /// The team store (PostgreSQL) failed or refused, while doing `action`: its own line, password masked.
  case team(TeamStoreError, action: String)

  public var description: String {
    switch self {
    case .notSQLite(let path): "\(path) is not a paysh store (not an SQLite file)"
    case .notAStore(let path): "\(path) is not a paysh store (an SQLite file without paysh's tables)"
    case .newerSchema(let path, let found, let known):
      "\(path) was written by a newer paysh (store schema \(found); this paysh knows up to \(known)): upgrade paysh"
    case .corrupt(let path, let detail):
      "\(path) is damaged and cannot be read (SQLite: \(detail)); it was not changed:"
        + " ask whoever sent it for a fresh export, or restore it from a backup"
    case .unreachable(let path, let detail): "cannot open the store \(path): \(detail)"
    case .cannotWrite(let path, let detail): "cannot write \(path): \(detail)"
    case .readOnly(let path): "\(path) is open read-only; `import \(path)` to work on a copy of it"
    case .notWritable(let path):
      "the store \(path) is read-only for you: sessions, history and show work, nothing can be stored;"
        + " make it writable or give another store with --store PATH"
    case .database(let path, let action, let error): "could not \(action) in \(path): \(error.message)"
    case .team(let error, _): error.description
    case .colleaguesSession(let label, let author, let action):
      "\(label) is \(TerminalText.inline(author))'s session, read-only for you: \(action) is refused;"
        + " `open \(ShellWord.argument(label)) --copy` makes a session of your own from it"
    }
  }

  /// Maps an SQLite error met while opening or reading `path` to the refusal it means.
  static func opening(_ path: String, _ error: DatabaseError) -> StoreError {
    if error.isNotADatabase { return .notSQLite(path) }
    if error.isCorrupt { return .corrupt(path, detail: error.message) }
    return .unreachable(path, detail: error.message)
  }
}
