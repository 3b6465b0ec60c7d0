import PayshJSON

/// One id's line in `--out FILE.csv|jsonl`: what the run found of it.
struct BulkRow: Sendable, Hashable {
  var id: String
  var gateway: String
  /// The normalized status (`paid`), or a part's summary (`2 refunds, latest SUCCESS`); empty with no answer.
  var status = ""
  /// The gateway's own word for it.
  var rawStatus = ""
  var amount: Money?
  var paid: Money?
  var refunded: Money?
  /// The rule ids of the verdicts (a case), worst first.
  var verdicts: [String] = []
  /// `@12`, or `@12-@15` for a case's answers; empty when nothing was stored.
  var snapshot = ""
  var error = ""
  /// What kind of error, for the summary (`not found`, `HTTP 401`, `no answer in time`); not written out.
  var errorKind = ""

  static let columns = [
    "id", "gateway", "status", "raw_status", "amount", "paid", "refunded", "verdicts", "snapshot", "error",
  ]

  /// The fields, in `columns` order (money as `INR 1100.00`: the currency, then the amount as a decimal).
  var fields: [String] {
    func money(_ value: Money?) -> String { value.map { "\($0.currency) \($0.decimalText)" } ?? "" }
    return [
      id, gateway, status, rawStatus, money(amount), money(paid), money(refunded), verdicts.joined(separator: " "),
      snapshot, error,
    ]
  }

  /// A CSV line (RFC 4180), a field that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, a tab or
  /// a carriage return first) led by `'` (OWASP's advice on CSV injection): a gateway's answer or an id in
  /// the merchant's file cannot run in the spreadsheet the rows are opened in.
  var csvLine: String {
    // Text from outside (a gateway's status, its error) escaped as on the terminal: `cat` of the file
    // runs no control sequence.
    var fields = self.fields.map { BulkRow.csvField(TerminalText.inline($0)) }
    fields[8] = snapshot  // paysh's own `@12-@15`, never a formula
    return fields.joined(separator: ",") + "\r\n"
  }

  static var csvHeader: String { columns.joined(separator: ",") + "\r\n" }

  static func csvField(_ text: String) -> String {
    var text = text
    if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { text = "'" + text }
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    return "\"" + doublingQuotes(text) + "\""
  }

  /// A JSON line: money as `{"minor": 110000, "currency": "INR", "text": "1100.00"}` (as `case --json`).
  var jsonLine: String {
    func text(_ value: String) -> JSONValue { value.isEmpty ? .null : .string(value) }
    let object = CaseJSON.object([
      ("id", .string(id)), ("gateway", .string(gateway)), ("status", text(status)), ("raw_status", text(rawStatus)),
      ("amount", CaseJSON.money(amount)), ("paid", CaseJSON.money(paid)), ("refunded", CaseJSON.money(refunded)),
      ("verdicts", .array(verdicts.map { .string($0) })), ("snapshot", text(snapshot)), ("error", text(error)),
    ])
    return JSONPrinter.compact(object) + "\n"
  }

  /// `text` with every `"` doubled.
  static func doublingQuotes(_ text: String) -> String {
    var out = ""
    for character in text { out += character == "\"" ? "\"\"" : String(character) }
    return out
  }
}
