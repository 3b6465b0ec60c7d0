import CSQLite

/// An error from SQLite: its result code, its message, and the statement that failed.
///
/// The description is one line, fit to be shown to a user after "could not …".
public struct DatabaseError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The extended SQLite result code (`SQLITE_BUSY`, `SQLITE_CORRUPT`, …).
  public var code: Int32
  public var message: String
  /// The SQL that failed, when there was one.
  public var sql: String?

  public init(code: Int32, message: String, sql: String? = nil) {
    self.code = code
    self.message = message
    self.sql = sql
  }

  /// The primary result code (the low byte of the extended one).
  public var primaryCode: Int32 { code & 0xff }

  /// True when the file is not a database at all (`SQLITE_NOTADB`).
  public var isNotADatabase: Bool { primaryCode == SQLITE_NOTADB }

  /// True when SQLite found the file damaged (`SQLITE_CORRUPT`).
  public var isCorrupt: Bool { primaryCode == SQLITE_CORRUPT }

  /// True when another connection held the lock past the busy timeout.
  public var isBusy: Bool { primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED }

  public var description: String { "SQLite error \(primaryCode): \(message)" }
}
