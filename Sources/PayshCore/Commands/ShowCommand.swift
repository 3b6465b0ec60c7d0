import PayshJSON

/// `show [@ref] [PATH]`: a stored response again, or the part of it at a jq-style path.
struct ShowCommand: CommandHandler {
  let spec = CommandSpec(
    name: "show",
    synopsis: "show [@ref] [PATH] [--summary] [--mapping] [--headers] [--raw-text]",
    abstract: "Show a stored response (the last by default), or the part at a path",
    discussion: """
      PATH is jq-style: .order.customer, .[0].payment_status, .["odd key"], .voucherDetailsList[].cardNumber.
      --summary shows the status line and the normalized view only, as `fetch --summary` does.
      --mapping shows how each normalized field was derived from the raw answer; --headers shows the request
      and response headers (secrets redacted); --raw-text prints the body exactly as stored.
      """,
    examples: [
      "show", "show --summary", "show .customer_details", "show @1 .order_status", "show @prev --mapping",
      "show --headers",
    ],
    arguments: [
      ArgumentSpec("ref", .ref, optional: true),
      ArgumentSpec("path", .jsonPath, optional: true),
    ],
    options: [
      OptionSpec("summary", "The status line and the normalized view only (as fetch --summary)"),
      OptionSpec("mapping", "How the normalized fields were derived"),
      OptionSpec("headers", "Request and response headers (redacted)"),
      OptionSpec("raw-text", "The stored body as text, not re-printed"),
    ],
    freeform: true
  )

  func check(_ invocation: Invocation) -> [Diagnostic] {
    let words = invocation.positionals
    if words.count > 2 { return [invocation.syntaxError("show takes a reference and a path at most", at: words[2])] }
    if invocation.flag("summary"), let path = words.first(where: { $0.refName == nil }) {
      return [invocation.syntaxError("--summary shows the whole answer; it takes no path", at: path)]
    }
    if words.count == 2, words[0].refName == nil {
      return [invocation.syntaxError("put the @ref before the path", at: words[0], hint: "write `show @ref PATH`")]
    }
    return []
  }

  func run(_ invocation: Invocation, in shell: Interpreter) async throws {
    var words = invocation.positionals[...]
    let refWord = words.first?.refName != nil ? words.popFirst() : nil
    let resolver = SnapshotResolver(shell: shell, invocation: invocation)
    let snapshot = try resolver.resolve(refWord)
    let style = shell.style
    if invocation.flag("headers") {
      // Headers and URLs come from the wire or a shared file: each escaped onto its one line.
      var out = "\(style.bold("request"))  \(TerminalText.inline("\(snapshot.method) \(snapshot.url)"))\n"
      for header in snapshot.requestHeaders {
        out += "  " + TerminalText.inline("\(header.name): \(header.value)") + "\n"
      }
      if let body = snapshot.requestBody { out += "  \(style.dim(TerminalText.inline(body)))\n" }
      out += "\(style.bold("response"))  HTTP \(snapshot.status)\n"
      for header in snapshot.responseHeaders {
        out += "  " + TerminalText.inline("\(header.name): \(header.value)") + "\n"
      }
      shell.output.write(out)
      return
    }
    if invocation.flag("mapping") {
      let mapping: [Order.FieldMapping]
      if let order = snapshot.order {
        mapping = order.mapping
      } else if let body = try? JSONParser.parse(snapshot.body), let parts = snapshot.parts(in: body) {
        mapping = parts.mapping
      } else {
        throw invocation.error("@\(snapshot.number) holds nothing normalized to map (\(snapshot.resource))")
      }
      let width = mapping.map(\.field.count).max() ?? 0
      var out = ""
      for row in mapping {
        out +=
          "\(row.field)\(String(repeating: " ", count: width - row.field.count))  \(style.cyan(TerminalText.inline(row.source)))  \(TerminalText.inline(row.rule))\n"
      }
      shell.output.write(out)
      return
    }
    if invocation.flag("raw-text") {
      shell.output.write(snapshot.bodyText + (snapshot.bodyText.hasSuffix("\n") ? "" : "\n"))
      return
    }
    if invocation.flag("summary") {
      let body = try? JSONParser.parse(snapshot.body)
      let view = FetchCommand.View(raw: false, summary: true, style: style)
      shell.output.write(view.text(snapshot, body))
      return
    }
    let document = try resolver.json(snapshot, at: refWord)
    let printer = JSONPrinter(style: style)
    guard let pathWord = words.first else {
      // The note goes to stderr: `show`'s stdout stays JSON that can be piped.
      if let note = document.duplicateKeysNote { shell.output.writeError(TerminalText.inline(note) + "\n") }
      shell.output.write(printer.pretty(document) + "\n")
      return
    }
    let path = try shell.expand(pathWord, in: invocation)
    let values = try resolver.values(at: pathWord, text: path, in: document)
    shell.output.write(values.map { printer.pretty($0) + "\n" }.joined())
  }
}
