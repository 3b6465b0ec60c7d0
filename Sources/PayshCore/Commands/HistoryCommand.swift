/// `history [ORDER_ID]`: the snapshots of this session, or one order's timeline across every session.
struct HistoryCommand: CommandHandler {
  let spec = CommandSpec(
    name: "history",
    synopsis: "history [ORDER_ID]",
    abstract: "List this session's snapshots, or one order's timeline with what changed",
    discussion: """
      Without ORDER_ID: every snapshot of the current session (@N, when, gateway, what, HTTP status, order
      status and amount). With ORDER_ID: every snapshot of that order in the store, oldest first, and what
      changed in its normalized fields since the one before (status, raw status, amount, paid, updated).
      A payments or refunds list shows its count and latest status (`2 payments, latest SUCCESS`) and amount.
      """,
    examples: ["history", "history order_3242Tq4Edj9CC5RDcMeobmJOWOBJij", "history $order"],
    arguments: [ArgumentSpec("order", .orderID, optional: true)]
  )

  func run(_ invocation: Invocation, in shell: Interpreter) async throws {
    if let orderID = try invocation.text(at: 0, shell) {
      try timeline(orderID, invocation, shell)
      return
    }
    let entries = try invocation.withStore(shell) { log, store -> [HistoryEntry] in
      guard let session = log.currentSession else { return [] }
      return try store.history(session: session)
    }
    guard !entries.isEmpty else {
      shell.output.write("no snapshots yet in this session: `fetch` an order, or `open` a saved session\n")
      return
    }
    var table = TextTable(["REF", "WHEN", "GATEWAY", "WHAT", "ORDER", "HTTP", "STATUS", "AMOUNT"])
    for entry in entries {
      table.add([
        "@\(entry.number)", HistoryCommand.when(entry.fetchedAt), entry.gateway, entry.resource, entry.orderID,
        String(entry.httpStatus), HistoryCommand.status(entry), HistoryCommand.amount(entry),
      ])
    }
    shell.output.write(table.render(style: shell.style))
  }

  func timeline(_ orderID: String, _ invocation: Invocation, _ shell: Interpreter) throws {
    let entries = try invocation.withStore(shell) { _, store in try store.timeline(orderID: orderID) }
    guard !entries.isEmpty else {
      throw invocation.error(
        "no snapshots of \(orderID) in the store", at: invocation.positionals.first,
        hint: "`fetch \(orderID)` stores one; `history` lists this session's")
    }
    var table = TextTable(["WHEN", "SESSION", "REF", "WHAT", "HTTP", "STATUS", "AMOUNT", "PAID", "CHANGED"])
    var previous: [String: HistoryEntry] = [:]
    for entry in entries {
      let changed: String
      if let before = previous[entry.resource] {
        let changes = entry.changes(since: before)
        changed = changes.isEmpty ? "-" : changes.joined(separator: ", ")
      } else {
        changed = "first seen"
      }
      previous[entry.resource] = entry
      table.add([
        HistoryCommand.when(entry.fetchedAt), entry.session, "@\(entry.number)", entry.resource,
        String(entry.httpStatus), HistoryCommand.status(entry), HistoryCommand.amount(entry),
        entry.paid?.description ?? "", changed,
      ])
    }
    let count = entries.count
    shell.output.write(
      "\(TerminalText.inline(orderID)): \(Counted.text(count, "snapshot"))\n" + table.render(style: shell.style))
  }

  /// `2026-05-01T10:20:02.123Z` as `2026-05-01 10:20:02Z`.
  static func when(_ iso: String) -> String {
    guard iso.count >= 19 else { return iso }
    return String(iso.prefix(19)).replacingT() + (iso.hasSuffix("Z") ? "Z" : "")
  }

  /// `paid (PAID)`; for a payments or refunds list `2 payments, latest SUCCESS`; else the empty string.
  /// The gateway's words are escaped: they come from the answer.
  static func status(_ entry: HistoryEntry) -> String {
    if let list = entry.list { return TerminalText.inline(list.statusText) }
    guard let status = entry.orderStatus else { return "" }
    return entry.rawStatus.map { "\(status) (\(TerminalText.inline($0)))" } ?? status
  }

  /// The order's amount, or the latest item's for a payments or refunds list.
  static func amount(_ entry: HistoryEntry) -> String {
    (entry.amount ?? entry.list?.latestAmount)?.description ?? ""
  }
}
