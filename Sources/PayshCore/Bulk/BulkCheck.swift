/// `check --from FILE`: the rules on the stored answers of every id of FILE, nothing fetched; one line an id,
/// the summary (verdicts by rule), and `--out` rows, as `case --from` gives them.
struct BulkCheck {
  let shell: Interpreter
  let invocation: Invocation
  let options: BulkOptions
  let thresholds: CheckThresholds

  func run() throws {
    let list = try options.ids(invocation, shell)
    let log = shell.services.snapshots
    let all = try log.caseAnswers(orderID: nil)
    let wanted = Set(list.entries.lazy.map(\.id))
    let groups = Dictionary(grouping: all.filter { wanted.contains($0.orderID) }) {
      OrderKey(gateway: $0.gateway, orderID: $0.orderID)
    }
    let listened = Dictionary(grouping: all.filter { $0.resource == Snapshot.listeningResource }, by: \.gateway)
    let byID = Dictionary(grouping: groups.keys, by: \.orderID)
    var out = try options.out.map { path throws(StoreError) in try BulkOutFile(path: path) }
    var tally = BulkTally(total: list.entries.count, skippedLines: list.skipped.count, resumed: 0)
    let started = Clock.now()
    let width = String(list.entries.count).count
    var position = 0
    for entry in list.entries {
      if Task.isCancelled { break }
      let keys = (byID[entry.id] ?? []).sorted { $0.gateway < $1.gateway }
      var rows: [BulkRow] = []
      for key in keys {
        let input = CaseInput(
          gateway: key.gateway, orderID: key.orderID,
          answers: (groups[key] ?? []) + (listened[key.gateway] ?? []),
          elsewhere: try log.statusesElsewhere(gateway: key.gateway, orderID: key.orderID))
        var row = BulkRow(id: entry.id, gateway: key.gateway)
        row.snapshot = BulkRun.refs((groups[key] ?? []).map(\.number))
        BulkRun.judge(&row, input.orderCase, thresholds)
        rows.append(row)
      }
      if rows.isEmpty {
        rows = [
          BulkRow(
            id: entry.id, gateway: "", error: "no stored answers in this session (check reads only what is stored)",
            errorKind: "not stored")
        ]
      }
      position += 1
      for row in rows {
        tally.add(row)
        shell.output.write(BulkRun.line(row, position: position, of: list.entries.count, width: width))
        try out?.write(row)
      }
    }
    try out?.close()
    out = nil
    tally.elapsed = Clock.now() - started
    shell.output.write(tally.summary(from: options.from == "-" ? "stdin" : options.from))
    if position < list.entries.count { throw CancellationError() }
  }
}
