import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif

// Same rows as paysh-bench: 2 KB bodies, 10 sessions, the paysh schema's snapshots table and indexes.
func now() -> Double {
  var spec = timespec()
  clock_gettime(CLOCK_MONOTONIC, &spec)
  return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}
let count = Int(CommandLine.arguments[2])!
let path = CommandLine.arguments[1]
let perCommit = CommandLine.arguments.contains("--each")
var config = Configuration()
config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
let queue = try DatabaseQueue(path: path, configuration: config)
try queue.writeWithoutTransaction { db in
  try db.execute(sql: "PRAGMA journal_mode = WAL")
  try db.execute(sql: """
    CREATE TABLE sessions(id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE, name TEXT UNIQUE, created_at TEXT NOT NULL, saved_at TEXT);
    CREATE TABLE snapshots(id INTEGER PRIMARY KEY, session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
      number INTEGER NOT NULL, gateway TEXT NOT NULL, environment TEXT NOT NULL, api_version TEXT NOT NULL, resource TEXT NOT NULL,
      order_id TEXT NOT NULL, method TEXT NOT NULL, url TEXT NOT NULL, request_headers TEXT NOT NULL, request_body TEXT,
      status INTEGER NOT NULL, response_headers TEXT NOT NULL, body BLOB NOT NULL, fetched_at TEXT NOT NULL,
      latency_us INTEGER NOT NULL, retries TEXT NOT NULL, order_status TEXT, raw_status TEXT, currency TEXT,
      amount_minor INTEGER, paid_minor INTEGER, updated_at TEXT, normalized TEXT, UNIQUE(session_id, number));
    CREATE INDEX snapshots_by_session ON snapshots(session_id, gateway, order_id);
    CREATE INDEX snapshots_by_order ON snapshots(order_id, fetched_at);
    """)
}
let sql = "INSERT INTO snapshots VALUES (NULL, ?, ?, 'cashfree', 'local', '2025-01-01', 'order', ?, 'GET', ?, ?, NULL, 200, ?, ?, '2026-01-01T00:00:00.000Z', 1500, '[]', 'paid', 'PAID', 'INR', 125050, 125050, NULL, ?)"
func insert(_ db: Database, _ index: Int, _ session: Int64) throws {
  let order = "order_\(index % 1000)"
  let head = "{\"order_id\":\"\(order)\",\"order_status\":\"PAID\",\"order_amount\":1250.50,\"seq\":\(index),\"note\":\""
  let body = head + String(repeating: "x", count: 2048 - head.count - 2) + "\"}"
  let statement = try db.cachedStatement(sql: sql)
  try statement.execute(arguments: [session, index % (count / 10) + 1, order, "http://127.0.0.1:8089/pg/orders/\(order)",
    "[[\"x-client-id\",\"TEST\"],[\"x-client-secret\",\"[redacted]\"]]", "[[\"content-type\",\"application/json\"]]",
    Data(body.utf8), "{\"gateway\":\"cashfree\"}"])
}
let start = now()
var done = 0
while done < count {
  let session: Int64 = try queue.write { db in
    try db.execute(sql: "INSERT INTO sessions(uid, created_at) VALUES (?, 'x')", arguments: ["s\(done)"])
    return db.lastInsertedRowID
  }
  let end = min(count, done + count / 10)
  if perCommit {
    for index in done..<end { try queue.write { db in try insert(db, index, session) } }
  } else {
    try queue.write { db in for index in done..<end { try insert(db, index, session) } }
  }
  done = end
}
print(now() - start)
