// The system libsqlite3 (pkg-config sqlite3) with the few helpers Swift cannot express itself:
// SQLITE_TRANSIENT is a cast function pointer macro that Swift does not import.
#ifndef PAYSH_CSQLITE_SHIM_H
#define PAYSH_CSQLITE_SHIM_H

#include <sqlite3.h>

/// Binds text, copied by SQLite before the call returns (SQLITE_TRANSIENT).
static inline int paysh_bind_text(sqlite3_stmt *statement, int index, const char *text, int length) {
  return sqlite3_bind_text(statement, index, text, length, SQLITE_TRANSIENT);
}

/// Binds a blob, copied by SQLite before the call returns (SQLITE_TRANSIENT).
static inline int paysh_bind_blob(sqlite3_stmt *statement, int index, const void *bytes, int length) {
  return sqlite3_bind_blob(statement, index, bytes, length, SQLITE_TRANSIENT);
}

/// Sets the busy handler to wait up to `milliseconds` for another connection's lock.
static inline int paysh_busy_timeout(sqlite3 *db, int milliseconds) {
  return sqlite3_busy_timeout(db, milliseconds);
}

#endif
