import CSQLite

/// A value bound to a statement's parameter or read from a column.
public enum SQLValue: Sendable, Hashable {
  case null
  case integer(Int64)
  case text(String)
  case blob([UInt8])

  /// An integer, from a Swift `Int`.
  public static func int(_ value: Int) -> SQLValue { .integer(Int64(value)) }

  /// Text, or NULL when `value` is nil.
  public static func optional(_ value: String?) -> SQLValue { value.map { .text($0) } ?? .null }
}

/// A prepared SQLite statement: bind parameters (from 1), step through rows, read columns (from 0).
///
/// Every bind and step result is checked. Text and blobs are bound with `SQLITE_TRANSIENT` (through the
/// CSQLite shim), so SQLite copies them and no Swift buffer has to outlive the call.
public final class Statement {
  let handle: OpaquePointer
  unowned let database: Database
  public let sql: String
  var finalized = false

  init(_ handle: OpaquePointer, database: Database, sql: String) {
    self.handle = handle
    self.database = database
    self.sql = sql
  }

  deinit { finalize() }

  func finalize() {
    guard !finalized else { return }
    finalized = true
    sqlite3_finalize(handle)
  }

  /// Ready to run again: rewound, bindings cleared.
  public func reset() {
    sqlite3_reset(handle)
    sqlite3_clear_bindings(handle)
  }

  func check(_ code: Int32) throws(DatabaseError) {
    guard code == SQLITE_OK else { throw database.error(code, sql: sql) }
  }

  /// Binds `values` to parameters 1…n.
  public func bind(_ values: [SQLValue]) throws(DatabaseError) {
    for (offset, value) in values.enumerated() { try bind(value, at: Int32(offset + 1)) }
  }

  /// Binds one value to parameter `index` (from 1).
  public func bind(_ value: SQLValue, at index: Int32) throws(DatabaseError) {
    switch value {
    case .null: try check(sqlite3_bind_null(handle, index))
    case .integer(let number): try check(sqlite3_bind_int64(handle, index, number))
    case .text(let text): try bind(text, at: index)
    case .blob(let bytes): try bind(bytes, at: index)
    }
  }

  /// Binds an integer to parameter `index`.
  public func bind(_ value: Int, at index: Int32) throws(DatabaseError) {
    try check(sqlite3_bind_int64(handle, index, Int64(value)))
  }

  /// Binds text to parameter `index` (copied by SQLite).
  public func bind(_ value: String, at index: Int32) throws(DatabaseError) {
    var text = value
    let code: Int32 = text.withUTF8 { buffer in
      guard let base = buffer.baseAddress else { return paysh_bind_text(handle, index, "", 0) }
      return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
        paysh_bind_text(handle, index, $0, Int32(buffer.count))
      }
    }
    try check(code)
  }

  /// Binds bytes as a blob to parameter `index` (copied by SQLite; an empty array is an empty blob).
  public func bind(_ value: [UInt8], at index: Int32) throws(DatabaseError) {
    let code = value.withUnsafeBytes { buffer in
      if let base = buffer.baseAddress { return paysh_bind_blob(handle, index, base, Int32(buffer.count)) }
      return sqlite3_bind_zeroblob(handle, index, 0)
    }
    try check(code)
  }

  /// Binds text or NULL to parameter `index`.
  public func bind(_ value: String?, at index: Int32) throws(DatabaseError) {
    if let value { try bind(value, at: index) } else { try check(sqlite3_bind_null(handle, index)) }
  }

  /// Binds an integer or NULL to parameter `index`.
  public func bind(_ value: Int?, at index: Int32) throws(DatabaseError) {
    if let value { try bind(value, at: index) } else { try check(sqlite3_bind_null(handle, index)) }
  }

  /// Steps once: true when a row is ready to read, false when the statement is done.
  public func step() throws(DatabaseError) -> Bool {
    let code = sqlite3_step(handle)
    switch code {
    case SQLITE_ROW: return true
    case SQLITE_DONE: return false
    default:
      let error = database.error(code, sql: sql)
      sqlite3_reset(handle)
      throw error
    }
  }

  /// Reads the first row with `read`, then resets the statement so it holds no read transaction open.
  public func first<T>(_ read: (Statement) -> T) throws(DatabaseError) -> T? {
    defer { sqlite3_reset(handle) }
    return try step() ? read(self) : nil
  }

  /// Runs the statement to its end (for statements that return no rows).
  public func run() throws(DatabaseError) {
    while try step() {}
  }

  /// True when column `index` of the current row is NULL.
  public func isNull(_ index: Int32) -> Bool { sqlite3_column_type(handle, index) == SQLITE_NULL }

  /// Column `index` as an integer (0 for NULL).
  public func int64(_ index: Int32) -> Int64 { sqlite3_column_int64(handle, index) }

  /// Column `index` as an `Int` (0 for NULL).
  public func int(_ index: Int32) -> Int { Int(sqlite3_column_int64(handle, index)) }

  /// Column `index` as an `Int`, nil for NULL.
  public func optionalInt(_ index: Int32) -> Int? { isNull(index) ? nil : int(index) }

  /// Column `index` as text ("" for NULL).
  public func text(_ index: Int32) -> String {
    guard let pointer = sqlite3_column_text(handle, index) else { return "" }
    let count = Int(sqlite3_column_bytes(handle, index))
    return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
  }

  /// Column `index` as text, nil for NULL.
  public func optionalText(_ index: Int32) -> String? { isNull(index) ? nil : text(index) }

  /// Column `index` as bytes, exactly as stored.
  public func blob(_ index: Int32) -> [UInt8] {
    guard let pointer = sqlite3_column_blob(handle, index) else { return [] }
    let count = Int(sqlite3_column_bytes(handle, index))
    return Array(UnsafeRawBufferPointer(start: pointer, count: count))
  }

  /// Column `index` as an `SQLValue` of its stored type.
  public func value(_ index: Int32) -> SQLValue {
    switch sqlite3_column_type(handle, index) {
    case SQLITE_INTEGER: .integer(int64(index))
    case SQLITE_TEXT: .text(text(index))
    case SQLITE_BLOB: .blob(blob(index))
    default: .null
    }
  }
}
