/// How a fetched snapshot is shown: a status line, the normalized view, and the raw JSON.
public struct SnapshotRenderer: Sendable {
  public var style: TextStyle

  public init(style: TextStyle) {
    self.style = style
  }

  /// `HTTP 200 · 3.1 ms · GET /pg/orders/x · x-request-id … · @1`.
  public func statusLine(_ snapshot: Snapshot) -> String {
    let code = "HTTP \(snapshot.status)"
    let coloured =
      snapshot.status < 300 ? style.green(code) : snapshot.status < 500 ? style.yellow(code) : style.red(code)
    var parts = [
      coloured, Exchange.latencyText(snapshot.latencyMicroseconds),
      TerminalText.inline("\(snapshot.method) \(SnapshotRenderer.path(of: snapshot.url))"),
    ]
    if let id = snapshot.requestID { parts.append("x-request-id \(TerminalText.inline(id))") }
    parts.append(style.bold("@\(snapshot.number)"))
    var out = parts.joined(separator: style.dim(" · ")) + "\n"
    for retry in snapshot.retries { out += style.dim("  retried after \(TerminalText.inline(retry))") + "\n" }
    return out
  }

  /// The normalized order as aligned rows.
  public func order(_ order: Order) -> String {
    var rows: [(String, String)] = []
    // Every value here comes from the gateway (or a shared file): escaped before it is placed in a row.
    var ids = TerminalText.inline(order.merchantOrderID ?? "?")
    if let gatewayID = order.gatewayOrderID, gatewayID != order.merchantOrderID {
      ids += style.dim("  (gateway id \(TerminalText.inline(gatewayID)))")
    }
    rows.append(("order", ids))
    rows.append(
      (
        "status",
        "\(statusWord(order.status))  \(style.dim("(\(order.rawStatus.isEmpty ? "no status" : TerminalText.inline(order.rawStatus)))"))"
      ))
    // An amount the answer holds but that is not exact keeps its line, with the reason instead of a value.
    // `paid` is shown when something was paid, on every gateway (EnKash's `paidAmount: 0` is not shown).
    let amountText =
      order.amount.map { style.bold(TerminalText.inline($0.description)) }
      ?? order.unreadableReason("amount").map { "? " + style.dim("(\(TerminalText.inline($0)))") }
    var paidText: String?
    if let paid = order.paidAmount, paid.minorUnits != 0 {
      paidText = "paid \(TerminalText.inline(paid.description))"
    } else if let reason = order.unreadableReason("paid_amount") {
      paidText = "paid ? " + style.dim("(\(TerminalText.inline(reason)))")
    }
    if amountText != nil || paidText != nil {
      rows.append(("amount", [amountText ?? "?", paidText].compactMap { $0 }.joined(separator: "   ")))
    }
    if let created = order.createdAt {
      rows.append(
        ("created", TerminalText.inline(created.iso8601) + (created.assumedZone ? style.dim(" (IST assumed)") : "")))
    }
    if let updated = order.updatedAt {
      rows.append(
        ("updated", TerminalText.inline(updated.iso8601) + (updated.assumedZone ? style.dim(" (IST assumed)") : "")))
    }
    if let expires = order.expiresAt { rows.append(("expires", TerminalText.inline(expires.iso8601))) }
    let customer = [order.customer.name, order.customer.email, order.customer.phone].compactMap { $0 }.map(
      TerminalText.inline)
    if !customer.isEmpty { rows.append(("customer", customer.joined(separator: " · "))) }
    return table(rows)
  }

  func statusWord(_ status: OrderStatus) -> String {
    switch status {
    case .paid, .refunded: style.green(style.bold(status.rawValue))
    case .failed, .cancelled, .expired: style.red(style.bold(status.rawValue))
    case .open, .pending: style.yellow(style.bold(status.rawValue))
    case .unknown: style.magenta(style.bold(status.rawValue))
    }
  }

  func table(_ rows: [(String, String)]) -> String {
    let width = rows.map(\.0.count).max() ?? 0
    return rows.map { "\(style.dim($0.0 + String(repeating: " ", count: width - $0.0.count)))  \($0.1)\n" }.joined()
  }

  /// The path and query of a URL, for the status line.
  static func path(of url: String) -> String {
    var rest = Substring(url)
    if let colon = rest.firstIndex(of: ":"), rest[colon...].hasPrefix("://") {
      rest = rest[rest.index(colon, offsetBy: 3)...]
    }
    return String(rest.drop { $0 != "/" })
  }
}
