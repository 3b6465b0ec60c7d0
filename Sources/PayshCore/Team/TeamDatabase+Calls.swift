import NIOCore
import PostgresNIO

#if canImport(Glibc)
import Glibc
#endif

/// The calls: each async one has a synchronous twin (`…Sync`) for the store's synchronous API. Both run the
/// same work on the database's loop (`start`) and differ only in how the caller waits: the async caller
/// suspends, the synchronous one blocks its own thread, which the work never needs (see `TeamDatabase`).
///
/// Errors: PostgreSQL's, the network's and TLS's are `TeamStoreError`s (one line each); an error `body`
/// throws of its own comes back unchanged; a cancelled async caller gets `CancellationError`. A synchronous
/// caller cannot be cancelled, but waits at most `timeout`.
extension TeamDatabase {
  /// Runs `body` with a connection of the pool, within `timeout` (default: the database's).
  /// `body` must not keep the connection, nor call this database's `…Sync` methods.
  @discardableResult
  public func withConnection<Value: Sendable>(
    timeout: Duration? = nil, _ body: @escaping @Sendable (PostgresConnection) async throws -> Value
  ) async throws -> Value {
    try await start(timeout: timeout ?? self.timeout, body).value()
  }

  /// `withConnection`, waiting on this thread.
  @discardableResult
  public func withConnectionSync<Value: Sendable>(
    timeout: Duration? = nil, _ body: @escaping @Sendable (PostgresConnection) async throws -> Value
  ) throws -> Value {
    if loop.inEventLoop { throw TeamStoreError.wrongThread(url) }
    return try start(timeout: timeout ?? self.timeout, body).wait().get()
  }

  /// Runs `body` in a transaction (`BEGIN` … `COMMIT`, `ROLLBACK` when it throws).
  @discardableResult
  public func withTransaction<Value: Sendable>(
    timeout: Duration? = nil, _ body: @escaping @Sendable (PostgresConnection) async throws -> Value
  ) async throws -> Value {
    try await withConnection(timeout: timeout) { connection in
      try await connection.withTransaction(logger: Self.quiet) { try await body($0) }
    }
  }

  /// `withTransaction`, waiting on this thread.
  @discardableResult
  public func withTransactionSync<Value: Sendable>(
    timeout: Duration? = nil, _ body: @escaping @Sendable (PostgresConnection) async throws -> Value
  ) throws -> Value {
    try withConnectionSync(timeout: timeout) { connection in
      try await connection.withTransaction(logger: Self.quiet) { try await body($0) }
    }
  }

  /// Runs one statement and gathers its rows.
  @discardableResult
  public func query(_ query: PostgresQuery, timeout: Duration? = nil) async throws -> [PostgresRow] {
    try await withConnection(timeout: timeout) { try await $0.query(query, logger: Self.quiet).collect() }
  }

  /// `query`, waiting on this thread.
  @discardableResult
  public func querySync(_ query: PostgresQuery, timeout: Duration? = nil) throws -> [PostgresRow] {
    try withConnectionSync(timeout: timeout) { try await $0.query(query, logger: Self.quiet).collect() }
  }

  /// Connects (when not connected yet) and returns the server's `server_version_num` (150018 for 15.18).
  public func serverVersion() async throws -> Int {
    try versionNumber(try await query("SHOW server_version_num"))
  }

  /// `serverVersion`, waiting on this thread.
  public func serverVersionSync() throws -> Int {
    try versionNumber(try querySync("SHOW server_version_num"))
  }

  func versionNumber(_ rows: [PostgresRow]) throws -> Int {
    guard let row = rows.first, let number = Int(try row.decode(String.self)) else {
      throw TeamStoreError.server(url, sqlState: "", message: "server_version_num is not a number")
    }
    return number
  }

  // MARK: One call

  /// Starts `body` on the loop, with its timer and its watchdog; the returned call is settled once.
  func start<Value: Sendable>(
    timeout: Duration, _ body: @escaping @Sendable (PostgresConnection) async throws -> Value
  ) -> TeamCall<Value> {
    let call = TeamCall<Value>()
    let url = self.url
    let admitted: (TeamGeneration, Int)? = state.withLockedValue { state in
      guard !state.closed else { return nil }
      let generation = currentGeneration(&state)
      let id = state.nextID
      state.nextID += 1
      state.active += 1
      state.calls[id] = { call.settle(.failure(TeamStoreError.closed(url))) }
      return (generation, id)
    }
    guard let (generation, id) = admitted else {
      call.settle(.failure(TeamStoreError.closed(url)))
      return call
    }
    let work = Task(executorPreference: executor) {
      defer { self.finished() }
      do {
        try await generation.ready.value
      } catch {
        self.retire(generation)
        // A probe cancelled under this call (another call retired the client) is a lost connection, not a
        // cancellation this caller asked for (that one has settled the call already).
        call.settle(.failure(error is CancellationError ? TeamStoreError.connectionLost(url) : self.mapped(error)))
        return
      }
      do {
        let value = try await generation.client.withConnection { try await body($0) }
        call.settle(.success(value))
      } catch {
        let mapped = self.mapped(error)
        if (mapped as? TeamStoreError)?.isUnreachable == true { self.retire(generation) }
        call.settle(.failure(mapped))
      }
    }
    let timer = loop.scheduleTask(in: TimeAmount(timeout)) {
      // Retired before the caller hears of it, so its next call cannot land on this client.
      guard !call.isSettled else { return }
      self.retire(generation)
      call.settle(.failure(TeamStoreError.timedOut(url, after: timeout)))
    }
    let watchdog = loop.scheduleTask(in: TimeAmount(min(Self.probeDelay, timeout / 2))) {
      self.watch(generation, call)
    }
    call.onSettle {
      work.cancel()
      timer.cancel()
      watchdog.cancel()
      _ = self.state.withLockedValue { $0.calls.removeValue(forKey: id) }
    }
    return call
  }

  /// A call still running: when its client had passed its probe (so it waits on the pool, which would retry
  /// in silence), probe again; a server found unreachable ends the call now, with the reason.
  func watch<Value: Sendable>(_ generation: TeamGeneration, _ call: TeamCall<Value>) {
    guard generation.verified, !call.isSettled else { return }
    let admitted = state.withLockedValue { state in
      guard !state.closed else { return false }
      state.active += 1
      return true
    }
    guard admitted else { return }
    let probe = Task(executorPreference: executor) {
      defer { self.finished() }
      do {
        try await self.probe()
      } catch {
        guard let mapped = self.mapped(error) as? TeamStoreError, mapped.isUnreachable else { return }
        guard !call.isSettled else { return }
        self.retire(generation)
        call.settle(.failure(mapped))
      }
    }
    call.onSettle { probe.cancel() }
  }

  // MARK: Closing

  /// Ends every open call (`TeamStoreError.closed`), closes the connections and, once the loop's tasks have
  /// ended (within 3 s), shuts the loop down. Later calls are refused.
  public func close() async {
    var waited = 0
    while !closeStep(), waited < 300 {
      waited += 1
      try? await Task.sleep(for: .milliseconds(10))
    }
    if state.withLockedValue({ $0.active }) == 0 { try? await group.shutdownGracefully() }
  }

  /// `close`, waiting on this thread.
  public func closeSync() {
    if loop.inEventLoop { return }
    var waited = 0
    while !closeStep(), waited < 300 {
      waited += 1
      usleep(10_000)
    }
    if state.withLockedValue({ $0.active }) == 0 { try? group.syncShutdownGracefully() }
  }

  /// Marks the database closed and ends its calls and client; true when no task is left on the loop.
  private func closeStep() -> Bool {
    let (generation, calls, active) = state.withLockedValue { state in
      state.closed = true
      defer {
        state.generation = nil
        state.calls = [:]
      }
      return (state.generation, Array(state.calls.values), state.active)
    }
    for end in calls { end() }
    generation?.retire()
    return active == 0
  }
}
