import Foundation
import PayshJSON
import PayshSimulator
import Testing

@testable import PayshCore

/// `fetch --from FILE`, `case --from`, `check --from`: many orders through the ordered pipeline, against the
/// simulator over loopback.
@Suite("Bulk runs: fetch --from, case --from, check --from")
struct BulkFetchTests {
  static func file(_ name: String, _ text: String) throws -> String {
    let path = try GatewayHarness.folder("bulk").path + "/" + name
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  /// The result lines (`  3/40  id  …`), in the order shown.
  static func resultLines(_ output: String) -> [Substring] {
    output.split(separator: "\n").filter { line in
      guard let place = line.split(separator: " ").first else { return false }
      let halves = place.split(separator: "/")
      return halves.count == 2 && halves.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
    }
  }

  @Test func resultsKeepTheFilesOrderUnderRandomLatencies() async throws {
    let harness = try await GatewayHarness()
    #expect(
      try await harness.admin(
        "POST", "/_sim/faults", #"{"gateway":"cashfree","kind":"latency","latency_ms":1,"jitter_ms":40}"#) == 201)
    let known = ["cf_sim_paid", "cf_sim_active", "cf_sim_double_charge", "cf_sim_over_refund"]
    let ids = (0..<40).map { $0 % 10 == 0 ? known[$0 / 10] : "order_\($0)" }
    let path = try Self.file("ids.txt", ids.joined(separator: "\n") + "\n")
    #expect(await harness.run("use cashfree\nfetch --from \(path) --jobs 16") == .ok, "\(harness.output.standardError)")
    let lines = Self.resultLines(harness.output.standardOutput)
    #expect(lines.count == 40)
    for (index, line) in lines.enumerated() {
      let words = line.split(separator: " ")
      #expect(words.first == "\(index + 1)/40" && words.dropFirst().first.map(String.init) == ids[index], "\(line)")
      #expect(words.last == "@\(index + 1)", "shown numbered as stored: \(line)")
      #expect(try harness.snapshot(index + 1)?.orderID == ids[index])
    }
    let out = harness.output.standardOutput
    #expect(out.contains("40 ids from \(path): 40 done"), "\(out)")
    #expect(out.contains("status: paid 3 · open 1"), "\(out)")
    #expect(out.contains("errors: not found 36"), "\(out)")
  }

  @Test func ctrlCStopsCleanlyAndResumeGoesOn() async throws {
    let harness = try await GatewayHarness()
    #expect(try await harness.admin("POST", "/_sim/faults", #"{"kind":"latency","latency_ms":30}"#) == 201)
    let ids = (0..<60).map { "order_\($0)" }
    let path = try Self.file("ids.txt", ids.joined(separator: "\n"))
    #expect(await harness.run("use cashfree") == .ok)
    let run = Task { await harness.run("fetch --from \(path) --jobs 2") }
    while try harness.shell.services.snapshots.count() < 10 { try await Task.sleep(for: .milliseconds(5)) }
    run.cancel()
    #expect(await run.value == .runtime)
    let errors = harness.output.standardError
    #expect(errors.contains("stopped after "), "\(errors)")
    #expect(errors.contains("--resume` in this session goes on"), "\(errors)")
    let stored = try harness.shell.services.snapshots.count()
    #expect(stored >= 10 && stored < 60)
    let shown = Self.resultLines(harness.output.standardOutput)
    #expect(shown.count == stored, "every answer shown is stored, and only those")
    harness.output.clear()
    let out = try GatewayHarness.folder("bulk-out").path + "/all.csv"
    #expect(await harness.run("fetch --from \(path) --resume --out \(out)") == .ok, "\(harness.output.standardError)")
    #expect(
      harness.output.standardError.contains("resuming: \(stored) ids of the file answered in this session already"))
    #expect(try harness.shell.services.snapshots.count() == 60, "each id fetched once in all")
    let orders = try (1...60).map { try harness.snapshot($0)?.orderID ?? "" }
    #expect(Set(orders).count == 60)
    let rows = CSVRows.records(try String(contentsOfFile: out, encoding: .utf8))
    #expect(rows.map { $0.fields[0] } == ["id"] + ids, "the rows of every id, those answered before included, in order")
  }

  @Test func everyBadLineIsNamedAndTheRestGoesOn() async throws {
    let harness = try await GatewayHarness()
    let long = String(repeating: "y", count: 300)
    let path = try Self.file("ids.txt", "cf_sim_paid\n\ncf_sim_paid\nbad\u{7}id\n\(long)\ncf_sim_active\n")
    #expect(await harness.run("use cashfree\nfetch --from \(path)") == .ok)
    let errors = harness.output.standardError
    #expect(errors.contains("\(path):2: skipped: empty line"), "\(errors)")
    #expect(errors.contains("\(path):3: skipped: a duplicate of line 1, fetched once"))
    #expect(errors.contains("\(path):4: skipped: invalid id: the id contains control characters"))
    #expect(errors.contains("\(path):5: skipped: invalid id: the id is 300 bytes long (at most 256)"))
    #expect(harness.requestCount("/pg/orders/") == 2)
    #expect(harness.output.standardOutput.contains("2 ids from \(path) (4 lines skipped): 2 done"))
  }

  @Test(arguments: [
    ("missing", "cannot read", "No such file"),
    ("binary", "it is not text (a NUL byte on line 1)", "give a text file"),
    ("csv", "the CSV has no column named or ending in order_id", "its columns: `merchant`, `amount`"),
  ])
  func aFileThatGivesNoIdsFetchesNothing(kind: String, message: String, hint: String) async throws {
    let harness = try await GatewayHarness()
    let path: String
    switch kind {
    case "missing": path = try GatewayHarness.folder("bulk").path + "/none.txt"
    case "binary": path = try Self.file("b.bin", "x\u{0}y")
    default: path = try Self.file("o.csv", "merchant,amount\nm1,10\n")
    }
    #expect(await harness.run("use cashfree\nfetch --from \(path)") == .runtime)
    let errors = harness.output.standardError
    #expect(errors.contains(message), "\(errors)")
    #expect(errors.contains(hint), "\(errors)")
    #expect(errors.contains("nothing was fetched"), "\(errors)")
    #expect(harness.requestCount("/pg/") == 0)
    #expect(try harness.shell.services.snapshots.count() == 0)
  }

  @Test func theCSVAndJSONLRowsReadBack() async throws {
    let harness = try await GatewayHarness()
    let path = try Self.file("o.csv", "merchant,cf_order_id\n\"m, one\",cf_sim_over_refund\nm2,nope_1\n")
    let folder = try GatewayHarness.folder("bulk-rows").path
    let script = "use cashfree\ncase --from \(path) --out \(folder)/r.csv\ncheck --from \(path) --out \(folder)/r.jsonl"
    #expect(await harness.run(script) == .ok, "\(harness.output.standardError)")
    let rows = CSVRows.records(try String(contentsOfFile: folder + "/r.csv", encoding: .utf8))
    #expect(
      rows[0].fields == [
        "id", "gateway", "status", "raw_status", "amount", "paid", "refunded", "verdicts", "snapshot", "error",
      ])
    #expect(
      rows[1].fields == [
        "cf_sim_over_refund", "cashfree", "paid", "PAID", "INR 1000.00", "INR 1000.00", "INR 600.00", "over_refund",
        "@1-@4", "",
      ])
    #expect(rows[2].fields[0] == "nope_1" && rows[2].fields[9].hasPrefix("HTTP 404: order nope_1 not found"))
    let lines = try String(contentsOfFile: folder + "/r.jsonl", encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 2)
    let first = try JSONParser.parse(Array(lines[0].utf8))
    #expect(first["id"]?.stringValue == "cf_sim_over_refund")
    #expect(first["refunded"]?["minor"]?.numberValue?.intValue == 60_000)
    #expect(first["verdicts"]?[0]?.stringValue == "over_refund")
    let out = harness.output.standardOutput
    #expect(out.contains("verdicts: over_refund 1"), "\(out)")
  }

  @Test func aCaseWithAPartMissingSaysWhatCouldNotBeJudged() async throws {
    let harness = try await GatewayHarness()
    #expect(
      try await harness.admin("POST", "/_sim/faults", #"{"gateway":"cashfree","route":"payments","kind":"reset"}"#)
        == 201)
    let path = try Self.file("ids.txt", "cf_sim_double_charge\n")
    #expect(await harness.run("use cashfree\ncase --from \(path)\ncheck --from \(path)") == .ok)
    let lines = Self.resultLines(harness.output.standardOutput)
    #expect(lines.count == 2)
    for line in lines {
      #expect(line.contains("could not run"), "a missed double charge must not look clean: \(line)")
    }
    #expect(harness.output.standardOutput.contains("errors: rules not run 1"), "\(harness.output.standardOutput)")
  }

  @Test func resumeCountsOnlyTheFilesIdsAndKeepsTheRowsInOrder() async throws {
    let harness = try await GatewayHarness()
    let path = try Self.file("ids.txt", "cf_sim_paid\ncf_sim_active\n")
    let out = try GatewayHarness.folder("bulk-resume").path + "/r.csv"
    let script =
      "use cashfree\nfetch cf_sim_double_charge --summary\nfetch cf_sim_active --summary\n"
      + "fetch --from \(path) --resume --out \(out)"
    #expect(await harness.run(script) == .ok, "\(harness.output.standardError)")
    #expect(
      harness.output.standardError.contains("resuming: 1 id of the file answered in this session already, 1 to go"),
      "\(harness.output.standardError)")
    #expect(harness.requestCount("/pg/orders/cf_sim_paid") == 1)
    #expect(harness.requestCount("/pg/orders/cf_sim_active") == 1, "answered before: not asked again")
    let rows = CSVRows.records(try String(contentsOfFile: out, encoding: .utf8)).map { $0.fields[0] }
    #expect(rows == ["id", "cf_sim_paid", "cf_sim_active"], "the rows in the file's order")
  }

  /// `--resume` on a store file reads each answer's key only: an id counts as answered when every query of
  /// the run has its answer (a case's parts), on the gateway and environment in use.
  @Test func resumeOnAStoreFileSkipsOnlyIdsWithEveryPartAnswered() async throws {
    let harness = try await GatewayHarness()
    harness.shell.services.snapshots = StoredSnapshotLog(
      path: try GatewayHarness.folder("bulk-resume-store").path + "/store.sqlite")
    let path = try Self.file("ids.txt", "cf_sim_paid\ncf_sim_active\n")
    #expect(await harness.run("use cashfree\nfetch cf_sim_active --summary") == .ok)
    let before = harness.requestCount("/pg/orders/")
    for (run, answered) in [(1, "0 ids"), (2, "2 ids")] {
      harness.output.clear()
      #expect(await harness.run("case --from \(path) --resume") == .ok, "\(harness.output.standardError)")
      let resumed = "resuming: \(answered) of the file answered in this session already, \(run == 1 ? 2 : 0) to go"
      #expect(harness.output.standardError.contains(resumed), "run \(run): \(harness.output.standardError)")
    }
    let asked = harness.requestCount("/pg/orders/") - before
    let stored = try harness.shell.services.snapshots.count()
    #expect(asked == stored - 1 && asked >= 4, "its order alone is not its case: every part of both asked, once")
  }

  /// What the store's memory map was each time the progress line was drawn: one a result.
  final class MapWatch: ProgressLine {
    let log: StoredSnapshotLog
    var seen: [Int64] = []
    init(_ log: StoredSnapshotLog) { self.log = log }
    func draw(_ text: String) { seen.append((try? Self.mapSize(log)) ?? -1) }
    func clear() {}
    /// `PRAGMA mmap_size` of the open store: 0 when it is read without its memory map.
    static func mapSize(_ log: StoredSnapshotLog) throws -> Int64 {
      try #require(try log.store() as? SessionStore).database.integer("PRAGMA mmap_size")
    }
  }

  /// Issue 17: a map in use while the answers are written keeps what the writes read of the growing store
  /// resident (38 MiB after 100,000 ids); reads are mapped again after the run.
  @Test func answersAreWrittenWithoutTheStoresMemoryMap() async throws {
    let harness = try await GatewayHarness()
    let log = StoredSnapshotLog(path: try GatewayHarness.folder("bulk-map").path + "/store.sqlite")
    let watch = MapWatch(log)
    harness.shell.services.snapshots = log
    harness.shell.services.progress = watch
    let path = try Self.file("ids.txt", "cf_sim_paid\ncf_sim_active\n")
    // The store is first opened within the run (by its first answer), then open before the second run.
    for run in 1...2 {
      #expect(await harness.run("use cashfree\nfetch --from \(path) --progress") == .ok)
      #expect(watch.seen == Array(repeating: 0, count: 2 * run), "run \(run)")
      #expect(log.mapsReads)
      #expect(try MapWatch.mapSize(log) == 268_435_456)
    }
  }

  @Test func aFormulaInAFieldCannotRunInASpreadsheet() {
    let row = BulkRow(id: "=HYPERLINK(\"x\")", gateway: "cashfree", rawStatus: "+1,2", snapshot: "@3").csvLine
    #expect(row == "\"'=HYPERLINK(\"\"x\"\")\",cashfree,,\"'+1,2\",,,,,@3,\r\n", "\(row)")
  }
}
