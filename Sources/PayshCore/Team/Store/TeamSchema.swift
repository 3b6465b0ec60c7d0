import Foundation

/// The team store's tables in PostgreSQL and their forward-only migrations, recorded in `schema_migrations`
/// as in SQLite; a database whose newest migration is beyond `TeamSchema.version` was written by a newer
/// paysh and is refused, never changed.
///
/// Bodies are `bytea`, byte for byte. Headers and the normalized order are kept as the same compact JSON text
/// SQLite holds, not `jsonb`: `jsonb` reorders keys, merges duplicates and refuses `\u0000`, which a hostile
/// answer can carry, so it would change what a teammate reads back. What queries need is in plain columns
/// (`order_status`, `amount_minor`, … as in SQLite). A session keeps its counts (`snapshot_count`,
/// `gateways`, and `order_count`: its orders are its rows in `session_orders`, counted by a trigger as each is
/// added), kept by each append in its transaction, so `sessions` reads one row a session instead of counting
/// a million snapshots or its orders' rows.
public enum TeamSchema {
  public static var version: Int { migrations.count }

  /// Taken by the transaction that migrates, so two paysh processes meeting a new database do not both migrate
  /// it (`pg_advisory_xact_lock`).
  static let migrationLock: Int64 = 0x7061_7973_6800

  /// The statements of a migration: its text split at each `;` that ends a line (none holds one inside).
  static func statements(of migration: String) -> [String] {
    migration.components(separatedBy: ";\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
      .filter { !$0.isEmpty }
  }

  public static let migrations: [String] = [
    """
    CREATE TABLE sessions(
      id BIGSERIAL PRIMARY KEY,
      uid TEXT NOT NULL UNIQUE,
      name TEXT UNIQUE,
      author TEXT NOT NULL,
      created_at TEXT NOT NULL,
      saved_at TEXT,
      next_number INTEGER NOT NULL DEFAULT 0,
      snapshot_count INTEGER NOT NULL DEFAULT 0,
      gateways TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX sessions_by_author ON sessions(author, id);
    CREATE TABLE snapshots(
      id BIGSERIAL PRIMARY KEY,
      session_id BIGINT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
      number INTEGER NOT NULL,
      author TEXT NOT NULL,
      gateway TEXT NOT NULL,
      environment TEXT NOT NULL,
      api_version TEXT NOT NULL,
      resource TEXT NOT NULL,
      order_id TEXT NOT NULL,
      method TEXT NOT NULL,
      url TEXT NOT NULL,
      request_headers TEXT NOT NULL,
      request_body TEXT,
      status INTEGER NOT NULL,
      response_headers TEXT NOT NULL,
      body BYTEA NOT NULL,
      fetched_at TEXT NOT NULL,
      latency_us BIGINT NOT NULL,
      retries TEXT NOT NULL,
      order_status TEXT,
      raw_status TEXT,
      currency TEXT,
      amount_minor BIGINT,
      paid_minor BIGINT,
      updated_at TEXT,
      normalized TEXT,
      reading BYTEA NOT NULL,
      UNIQUE(session_id, number)
    );
    CREATE INDEX snapshots_by_order ON snapshots(order_id, fetched_at);
    CREATE INDEX snapshots_by_gateway_order ON snapshots(gateway, order_id);
    CREATE TABLE session_orders(
      session_id BIGINT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
      gateway TEXT NOT NULL,
      order_id TEXT NOT NULL,
      PRIMARY KEY(session_id, gateway, order_id)
    );
    CREATE TABLE commands(
      id BIGSERIAL PRIMARY KEY,
      session_id BIGINT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
      text TEXT NOT NULL,
      status INTEGER NOT NULL,
      ran_at TEXT NOT NULL
    );
    CREATE INDEX commands_by_session ON commands(session_id);
    CREATE TABLE tags(
      session_id BIGINT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      number INTEGER NOT NULL,
      PRIMARY KEY(session_id, name)
    );
    """,
    // 2: a session's order count kept in its row (`sessions` read every session's session_orders rows to count
    // them: 80 ms on 1,000,000 snapshots in 2,000 sessions). Counted by a trigger on session_orders, so only a
    // row the append's ON CONFLICT DO NOTHING really added counts, as the append's own UPDATE cannot know:
    // it runs before that insert, on the statement's snapshot, which a writer waiting on the session's row
    // lock took before the writer ahead of it listed the same order.
    """
    ALTER TABLE sessions ADD COLUMN order_count INTEGER NOT NULL DEFAULT 0;
    UPDATE sessions SET order_count = (SELECT count(*) FROM session_orders o WHERE o.session_id = sessions.id);
    CREATE FUNCTION paysh_count_session_order() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE sessions SET order_count = order_count + 1 WHERE id = NEW.session_id; RETURN NULL; END $$;
    CREATE TRIGGER session_orders_counted AFTER INSERT ON session_orders
      FOR EACH ROW EXECUTE FUNCTION paysh_count_session_order();
    """,
  ]
}
