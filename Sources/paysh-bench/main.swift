import NIOCore
import NIOPosix
import PayshCore
import PayshShell

#if canImport(Glibc)
import Glibc
#endif

// paysh-bench: the store benchmark's driver (scripts/bench/store). Not part of the paysh binary.
//
//   paysh-bench insert N STORE [--batch]   append N snapshots through SessionStore (one transaction each,
//                                          or all in one with --batch); prints the seconds taken
//   paysh-bench sql N FILE                 writes the same N rows as SQL for the sqlite3 CLI: the schema,
//                                          then BEGIN, N INSERTs, COMMIT
//   paysh-bench query STORE ORDER RUNS [--warm]
//                                          runs `sessions` and `history ORDER` RUNS times in-process;
//                                          prints each run's milliseconds; STORE may be a postgres:// URL
//                                          (scripts/bench/team --big); --warm: one shell, its store opened
//                                          by an untimed run first, so only the command is timed
//   paysh-bench complete STORE RUNS        Tab at the prompt on STORE (its newest session current, cashfree in
//                                          use): each line's milliseconds per Tab, RUNS times
//                                          (scripts/bench/complete)
//   paysh-bench cases N STORE              one session of N Cashfree cases of four answers each
//   paysh-bench check STORE RUNS           `check` of every order in it, in-process; per run: seconds of the
//                                          command, of the engine alone, of reading the store; cases,
//                                          verdicts (scripts/bench/check)
//   paysh-bench http N URL [NAME:VALUE]…   N GETs of URL through paysh's HTTPTransport alone (no parsing,
//                                          no store, no output); prints the milliseconds per request
//                                          (scripts/bench/fetch: how much of a fetch is the HTTP client)
//
// Rows: 10 sessions of N/10 snapshots, 1,000 orders (order_0 … order_999), 2 KB bodies.

// As in paysh: Swift tasks run on SwiftNIO's event loop threads.
_ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()

let arguments = CommandLine.arguments
func fail(_ text: String) -> Never {
  StandardOutput().writeError("paysh-bench: \(text)\n")
  exit(1)
}

/// Snapshot `index` of the benchmark: a 2 KB JSON body, a normalized paid order.
func snapshot(_ index: Int) -> Snapshot {
  let order = "order_\(index % 1000)"
  let head =
    "{\"order_id\":\"\(order)\",\"order_status\":\"PAID\",\"order_amount\":1250.50,\"seq\":\(index),\"note\":\""
  let body = head + String(repeating: "x", count: 2048 - head.count - 2) + "\"}"
  let normalized = Order(
    gateway: "cashfree", environment: "local", merchantOrderID: order,
    amount: Money(minorUnits: 125_050, currency: "INR"),
    paidAmount: Money(minorUnits: 125_050, currency: "INR"), status: .paid, rawStatus: "PAID")
  return Snapshot(
    number: 0, gateway: "cashfree", environment: "local", apiVersion: "2025-01-01", resource: "order", orderID: order,
    method: "GET", url: "http://127.0.0.1:8089/pg/orders/\(order)",
    requestHeaders: [HTTPHeader("x-client-id", "TEST"), HTTPHeader("x-client-secret", "[redacted]")], requestBody: nil,
    status: 200, responseHeaders: [HTTPHeader("content-type", "application/json")], body: Array(body.utf8),
    fetchedAt: "2026-01-01T00:00:00.000Z", latencyMicroseconds: 1500, retries: [], order: normalized)
}

func seconds() -> Double { Double(Clock.now()) / 1_000_000 }

func quoted(_ text: String) -> String {
  "'" + text.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
}

/// `value` with three decimals.
func fixed(_ value: Double) -> String {
  let thousandths = Int((value * 1000).rounded())
  let fraction = String(thousandths % 1000)
  return "\(thousandths / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
}

func sqlValue(_ value: String?) -> String { value.map(quoted) ?? "NULL" }

/// The snapshot log of the store `text` names: a file, or a team store's `postgres://` URL (its password in
/// `PGPASSWORD` or `~/.pgpass`, as for paysh).
func storeLog(_ text: String) -> StoredSnapshotLog {
  do {
    switch try StoreURL(parsing: text, origin: "paysh-bench") {
    case .sqlite(let path): return StoredSnapshotLog(path: path)
    case .postgres(let url):
      return StoredSnapshotLog(
        team: TeamStoreSettings(url: url, environment: ProcessEnvironment.current()), author: "bench")
    }
  } catch {
    fail("\(error)")
  }
}

/// Closes the shell's team store, if it opened one (a file needs nothing).
func close(_ shell: Interpreter) async {
  guard let log = shell.services.snapshots as? StoredSnapshotLog, log.isOpen,
    let team = try? log.store() as? TeamStore
  else { return }
  await team.closeAsync()
}

/// Milliseconds per request for `count` sends of `request`. Not on the main actor (top-level code is): the
/// loop runs on the event loop threads as paysh's interpreter does, without a hop to the main thread and
/// back on every request.
func requests(_ request: OutgoingRequest, count: Int) async -> Result<Double, TransportError> {
  let transport = HTTPTransport()
  let start = seconds()
  for _ in 0..<count {
    do {
      let exchange = try await transport.send(request)
      guard exchange.response.status == 200 else { return .failure(.other("HTTP \(exchange.response.status)")) }
    } catch {
      return .failure(error)
    }
  }
  return .success((seconds() - start) / Double(count) * 1000)
}

guard arguments.count >= 4, let count = ["query", "complete", "check"].contains(arguments[1]) ? 0 : Int(arguments[2])
else {
  fail(
    "usage: paysh-bench insert N STORE [--batch] | sql N FILE | query STORE ORDER RUNS [--warm] | complete STORE RUNS"
      + " | cases N STORE | check STORE RUNS | http N URL [NAME:VALUE]…")
}
switch arguments[1] {
case "http":
  let headers = arguments.dropFirst(4).map { pair -> HTTPHeader in
    let parts = pair.split(separator: ":", maxSplits: 1)
    return HTTPHeader(String(parts[0]), parts.count > 1 ? String(parts[1].drop { $0 == " " }) : "")
  }
  let request = OutgoingRequest(method: "GET", url: arguments[3], headers: headers)
  switch await requests(request, count: count) {
  case .success(let milliseconds): print(fixed(milliseconds))
  case .failure(let error): fail("\(error.message)")
  }
case "insert":
  do {
    let store = try SessionStore(path: arguments[3])
    let perSession = max(1, count / 10)
    // The snapshots are made before the clock starts: a fetch hands the store a finished snapshot, and the
    // CLI is handed finished SQL, so only the storing is timed on both sides.
    let slices = stride(from: 0, to: count, by: perSession).map { ($0..<min(count, $0 + perSession)).map(snapshot) }
    let start = seconds()
    for slice in slices {
      let session = try store.createSession()
      if arguments.contains("--batch") {
        try store.append(contentsOf: slice, session: session)
      } else {
        for item in slice { _ = try store.append(item, session: session) }
      }
    }
    print(fixed(seconds() - start))
  } catch {
    fail("\(error)")
  }
case "sql":
  guard let file = fopen(arguments[3], "w") else { fail("cannot write \(arguments[3])") }
  // The store's own settings, page size included, so both sides write the same pages.
  fputs("PRAGMA page_size = \(StoreSchema.pageSize);\nPRAGMA journal_mode = WAL;\nPRAGMA synchronous = NORMAL;\n", file)
  fputs(StoreSchema.migrations.joined(separator: "\n") + "\n", file)
  fputs("BEGIN;\n", file)
  let perSession = max(1, count / 10)
  for index in 0..<count {
    if index % perSession == 0 {
      fputs("INSERT INTO sessions(uid, created_at) VALUES ('bench\(index)', '2026-01-01T00:00:00.000Z');\n", file)
    }
    let item = snapshot(index)
    let order = item.order!
    let values = [
      "(SELECT max(id) FROM sessions)", String(index % perSession + 1), quoted(item.gateway), quoted(item.environment),
      quoted(item.apiVersion), quoted(item.resource), quoted(item.orderID), quoted(item.method), quoted(item.url),
      quoted("[[\"x-client-id\",\"TEST\"],[\"x-client-secret\",\"[redacted]\"]]"), "NULL", String(item.status),
      quoted("[[\"content-type\",\"application/json\"]]"), "CAST(\(quoted(item.bodyText)) AS BLOB)",
      quoted(item.fetchedAt), String(item.latencyMicroseconds), quoted("[]"), quoted(order.status.rawValue),
      quoted(order.rawStatus), quoted("INR"), "125050", "125050", "NULL",
      quoted("{\"gateway\":\"cashfree\",\"environment\":\"local\",\"status\":\"paid\",\"raw_status\":\"PAID\"}"),
    ]
    fputs("INSERT INTO snapshots VALUES (NULL, \(values.joined(separator: ", ")));\n", file)
  }
  fputs("COMMIT;\n", file)
  fclose(file)
case "query":
  guard arguments.count >= 5, let runs = Int(arguments[4]) else { fail("usage: query STORE ORDER RUNS [--warm]") }
  // --warm: one shell for all runs, its store opened (connected) by one untimed run first, so each run is the
  // command alone; else a new shell each run, the store opened (a team store connected) within the time.
  let warm = arguments.contains("--warm")
  for command in ["sessions", "history \(arguments[3])"] {
    var times: [String] = []
    var kept: Interpreter?
    for run in 0..<(warm ? runs + 1 : runs) {
      let shell = kept ?? Interpreter(output: BufferedOutput())
      if kept == nil { shell.services.snapshots = storeLog(arguments[2]) }
      if warm { kept = shell }
      let start = seconds()
      let status = await shell.run(line: command)
      guard status == .ok else { fail("\(command) failed") }
      if !warm || run > 0 { times.append(fixed((seconds() - start) * 1000)) }
      if !warm { await close(shell) }
    }
    if let kept { await close(kept) }
    print("\(command.split(separator: " ")[0]) " + times.joined(separator: " "))
  }
case "complete":
  guard let runs = Int(arguments[3]) else { fail("usage: complete STORE RUNS") }
  let shell = Interpreter(output: BufferedOutput())
  let log = StoredSnapshotLog(path: arguments[2])
  shell.services.snapshots = log
  shell.context.gateway = "cashfree"
  do {
    guard let newest = try log.store().sessions().last else { fail("the store has no session") }
    try log.use(session: newest.id)
  } catch {
    fail("\(error)")
  }
  let completer = Completer(registry: shell.registry, context: shell.context, known: ShellKnownWords(shell))
  for line in ["fetch ", "fetch order_7", "show @", "show @12", "open ", "show @1 .no"] {
    var times: [String] = []
    var found = 0
    for _ in 0..<runs {
      let start = seconds()
      found = completer.complete(line).candidates.count
      times.append(fixed((seconds() - start) * 1000))
    }
    print(
      "\(line.split(separator: " ", omittingEmptySubsequences: false).joined(separator: "_"))|\(found) "
        + times.joined(separator: " "))
  }
case "cases":
  do {
    let store = try SessionStore(path: arguments[3])
    try store.append(contentsOf: CheckBench.snapshots(count: count), session: try store.createSession())
  } catch {
    fail("\(error)")
  }
case "check":
  guard let runs = Int(arguments[3]) else { fail("usage: check STORE RUNS") }
  for _ in 0..<runs {
    do {
      let (command, engine, read, cases, verdicts) = try await CheckBench.check(arguments[2])
      print("\(fixed(command)) \(fixed(engine)) \(fixed(read)) \(cases) \(verdicts)")
    } catch {
      fail("\(error)")
    }
  }
default:
  fail("unknown mode \(arguments[1])")
}
