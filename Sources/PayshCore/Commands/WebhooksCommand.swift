/// `webhooks [ORDER]`: the deliveries this session received (`listen`, `trigger`), with their verdicts.
struct WebhooksCommand: CommandHandler {
  let spec = CommandSpec(
    name: "webhooks",
    synopsis: "webhooks [ORDER_ID]",
    abstract: "List the webhooks this session received, with their verdicts",
    discussion: """
      Every delivery `listen` or `trigger` stored in this session (or those about ORDER_ID): its ref, when
      it arrived, its type, order, payment or refund, status and amount as the body says them, whether its
      signature held (and why not), and what the merchant's endpoint answered when it was forwarded.
      `show @N` shows one whole (headers and body, secrets redacted); `diff @A @B` compares two.
      """,
    examples: ["webhooks", "webhooks cf_sim_paid"],
    arguments: [ArgumentSpec("order", .orderID, optional: true)]
  )

  func run(_ invocation: Invocation, in shell: Interpreter) async throws {
    let orderID = try invocation.text(at: 0, shell)
    let deliveries = try WebhooksCommand.deliveries(orderID: orderID, invocation, shell)
    guard !deliveries.isEmpty else {
      let about = orderID.map { " about \(TerminalText.inline($0))" } ?? ""
      shell.output.write("no webhooks received\(about) in this session: `listen`, or `trigger EVENT ORDER` in local\n")
      return
    }
    var table = TextTable(["REF", "RECEIVED", "TYPE", "ORDER", "ABOUT", "STATUS", "AMOUNT", "SIGNATURE", "FORWARDED"])
    var bad = 0
    for delivery in deliveries {
      let event = WebhookEvent(body: delivery.body)
      let verdict = delivery.webhookVerdict
      if verdict?.signature == .bad { bad += 1 }
      let about = event.refundID.map { "refund \($0)" } ?? event.paymentID.map { "payment \($0)" } ?? ""
      let signature: String
      switch verdict?.signature {
      case .ok?: signature = "ok"
      case .bad?: signature = "BAD: " + (verdict?.reason ?? "")
      case .unchecked?: signature = "not checked"
      case nil: signature = "?"
      }
      let forwarded =
        verdict?.forwardedTo == nil ? "" : verdict?.forwardedStatus.map { "HTTP \($0)" } ?? "no answer"
      table.add(
        [
          "@\(delivery.number)", HistoryCommand.when(delivery.fetchedAt), event.type ?? "?", delivery.orderID, about,
          event.status ?? "", event.amount ?? "", signature, forwarded,
        ].map { TerminalText.inline($0) })
    }
    shell.output.write(
      Counted.text(deliveries.count, "webhook", plural: "webhooks") + (bad > 0 ? ", \(bad) BAD" : "") + "\n"
        + table.render(style: shell.style))
  }

  /// The session's deliveries (about `orderID`, or all), oldest first.
  static func deliveries(orderID: String?, _ invocation: Invocation, _ shell: Interpreter) throws -> [Snapshot] {
    guard shell.services.snapshots is StoredSnapshotLog else {
      // A shell with no store (a test's, `paysh -c` with none): its log in memory.
      let log = shell.services.snapshots
      let count = try log.count()
      return try (0..<count).compactMap { try log.snapshot(number: $0 + 1) }.filter { snapshot in
        snapshot.isWebhook && (orderID == nil || snapshot.orderID == orderID)
      }
    }
    return try invocation.withStore(shell) { log, store -> [Snapshot] in
      guard let session = log.currentSession else { return [] }
      let snapshots =
        try orderID.map { try store.snapshots(session: session, orderID: $0) } ?? store.snapshots(session: session)
      return snapshots.filter(\.isWebhook)
    }
  }
}
