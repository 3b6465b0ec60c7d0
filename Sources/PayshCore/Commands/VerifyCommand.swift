/// `verify`: checks a webhook captured from a merchant's logs with the credentials in use, and says why it
/// fails when it does (a wrong secret, the body changed on its way, the timestamp in seconds, too old).
struct VerifyCommand: CommandHandler {
  let spec = CommandSpec(
    name: "verify",
    synopsis:
      "verify (--body FILE --signature SIG [--timestamp MS] | --request FILE | --har FILE [--entry N]) [--window MINUTES] [--received-at TIME]",
    abstract: "Check a captured webhook's signature and timestamp, and say why it fails",
    discussion: """
      The webhook comes as its body (a file, byte for byte, or - for standard input, with --signature and
      --timestamp copied from its headers), as a raw HTTP request (headers, blank line, body) or as an entry of a HAR file (the
      first carrying x-webhook-signature, or --entry N). It is checked with the credentials of the gateway
      in use (`use cashfree sandbox`; `auth` finds them), comparing in constant time.
      Cashfree: x-webhook-signature is Base64(HMAC-SHA256(client secret, x-webhook-timestamp + raw body)),
      the timestamp in milliseconds; it must fall within --window minutes (default 5) of --received-at
      (ISO-8601 or epoch milliseconds; default now). When the signature does not match, paysh tries every
      other secret it holds, and the body re-written the common ways (numbers re-formatted 170.00 → 170,
      whitespace, key order, escapes, a newline) and says which one the gateway signed.
      Paytring: the body's hash (or x-paytring-signature), computed as its request hash is (an assumption:
      Paytring does not document its webhook signature). EnKash does not publish its checksum algorithm:
      paysh cannot verify it.
      """,
    examples: [
      "verify --request webhook.http", "verify --body body.json --signature 'sig=' --timestamp 1746427759733",
      "verify --har capture.har --entry 3 --received-at 2025-05-05T06:50:00Z",
    ],
    options: [
      OptionSpec("body", value: .file(extensions: ["json", "txt"]), "The webhook's body, byte for byte"),
      OptionSpec("signature", value: .text(placeholder: "SIG"), "Its x-webhook-signature header"),
      OptionSpec("timestamp", value: .text(placeholder: "MS"), "Its x-webhook-timestamp header"),
      OptionSpec("request", value: .file(extensions: ["http", "txt"]), "A raw HTTP request: headers and body"),
      OptionSpec("har", value: .file(extensions: ["har"]), "A HAR file holding the request"),
      OptionSpec("entry", value: .text(placeholder: "N"), "Which entry of the HAR file (1 is the first)"),
      OptionSpec("window", value: .text(placeholder: "MINUTES"), "How far from --received-at a timestamp may be"),
      OptionSpec("received-at", value: .text(placeholder: "TIME"), "When it was received (default now)"),
    ]
  )

  func run(_ invocation: Invocation, in shell: Interpreter) async throws {
    let capture = try VerifyCommand.capture(invocation, shell)
    let window = try VerifyCommand.number(invocation, shell, "window", default: 5, range: 0...10_080)
    let now = try VerifyCommand.receivedAt(invocation, shell)
    let gateway = try await GatewayContext.current(shell, invocation)
    let name = gateway.adapter.name
    guard name != "enkash" else {
      throw invocation.error(
        "EnKash does not publish its webhook checksum algorithm: paysh cannot verify it",
        hint: "ask EnKash for the algorithm; `use cashfree` or `use paytring` verifies theirs")
    }
    let keys = try VerifyCommand.keys(shell, invocation, gateway)
    let verifier = WebhookVerifier(
      key: keys.key, others: keys.others, windowMilliseconds: window * 60_000, nowMilliseconds: now)
    if let twice = capture.headers.conflicting(WebhookVerifier.signedHeaders) {
      throw invocation.error(
        "the capture has two different \(twice) headers: paysh will not judge it by whichever comes first",
        hint: "keep the one the gateway sent and verify again")
    }
    let report = name == "paytring" ? verifier.paytring(capture) : verifier.cashfree(capture)
    let moment = invocation.value("received-at") == nil ? "now" : "it was received"
    shell.output.write(WebhookReportText(style: shell.style, moment: moment).text(report, capture, verifier))
  }

  /// The secret that signs `gateway`'s webhooks (the first secret field of its credentials: client_secret,
  /// secret), and every other held secret of that gateway, to name the one a webhook was made with.
  static func keys(
    _ shell: Interpreter, _ invocation: Invocation, _ gateway: GatewayContext
  ) throws -> (key: WebhookVerifier.Key, others: [WebhookVerifier.Key]) {
    let name = gateway.adapter.name
    guard let field = gateway.adapter.credentialFields.first(where: \.isSecret)?.name else {
      throw invocation.error("\(name) has no secret to verify with")
    }
    let held =
      try shell.services.credentials[gateway.key]
      ?? CredentialResolver(shell: shell, gateway: gateway).resolve(
        profile: nil, invocation: invocation, interactive: false)
    guard let secret = held[field] else {
      throw invocation.error("no \(field) for \(name) \(gateway.environment)", hint: "`auth` finds it")
    }
    let others = shell.services.credentials.sorted { $0.key < $1.key }.flatMap { key, credentials in
      credentials.values.sorted { $0.key < $1.key }.compactMap { held, value -> WebhookVerifier.Key? in
        // Secrets only: a client id is public, and a match with it would be a false lead.
        guard held == field, key.hasPrefix(name + "@"), key != gateway.key else { return nil }
        let environment = key.replacingOccurrences(of: "@", with: " ")
        return WebhookVerifier.Key("the \(held) of \(environment)", value.value)
      }
    }
    return (.init("the \(field) of \(name) \(gateway.environment)", secret), others)
  }

  /// The webhook the options name.
  static func capture(_ invocation: Invocation, _ shell: Interpreter) throws -> CapturedWebhook {
    let given = ["body", "request", "har"].filter { invocation.value($0) != nil }
    guard given.count == 1 else {
      throw invocation.error(
        given.isEmpty ? "verify needs the webhook" : "give one of --body, --request, --har, not \(given.count)",
        hint: "`verify --request FILE` (a raw HTTP request) or `verify --body FILE --signature SIG --timestamp MS`")
    }
    let option = given[0]
    if option != "body", let copied = ["signature", "timestamp"].first(where: { invocation.value($0) != nil }) {
      throw invocation.error(
        "--\(copied) is read from the captured \(option == "har" ? "HAR entry" : "request")'s headers, not given",
        at: invocation.value(copied),
        hint: "drop --\(copied), or verify the body alone: `verify --body FILE --signature SIG --timestamp MS`")
    }
    let word = invocation.value(option)!
    let path = try shell.expand(word, in: invocation)
    let bytes: [UInt8]
    let limit = FileText.maxTextBytes(environment: shell.environment)
    // `-`: the body (or request, or HAR) piped in, as a merchant's log line often is.
    switch path == "-" ? FileText.standardInput(limit: limit) : FileText.contents(path, limit: limit) {
    case .success(let read): bytes = read
    case .failure(let refusal): throw invocation.error("\(refusal)", at: word)
    }
    do {
      switch option {
      case "request": return try CapturedWebhook.request(bytes)
      case "har":
        let entry = try invocation.value("entry").map { _ in
          try number(invocation, shell, "entry", default: 1, range: 1...1_000_000)
        }
        return try CapturedWebhook.har(bytes, entry: entry)
      default:
        var headers: [HTTPHeader] = []
        for (option, header) in [("signature", "x-webhook-signature"), ("timestamp", "x-webhook-timestamp")] {
          if let word = invocation.value(option) {
            headers.append(HTTPHeader(header, try shell.expand(word, in: invocation)))
          }
        }
        return CapturedWebhook(headers: headers, body: bytes)
      }
    } catch let unreadable as CapturedWebhook.Unreadable {
      throw invocation.error("cannot read \(path): \(unreadable.reason)", at: word)
    }
  }

  static func number(
    _ invocation: Invocation, _ shell: Interpreter, _ option: String, default value: Int, range: ClosedRange<Int>
  ) throws -> Int {
    guard let word = invocation.value(option) else { return value }
    let text = try shell.expand(word, in: invocation)
    guard text.count <= 8, let number = Int(text), range.contains(number) else {
      throw invocation.error(
        "--\(option) takes a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'", at: word)
    }
    return number
  }

  /// `--received-at` in epoch milliseconds: ISO-8601 or a number of milliseconds; now when not given.
  static func receivedAt(_ invocation: Invocation, _ shell: Interpreter) throws -> Int {
    guard let word = invocation.value("received-at") else { return Clock.epochMilliseconds() }
    let text = try shell.expand(word, in: invocation)
    if text.count == 13, let milliseconds = Int(text) { return milliseconds }
    if let instant = Instant(iso8601: text) { return instant.seconds * 1_000 + milliseconds(of: text) }
    throw invocation.error(
      "--received-at takes ISO-8601 (2025-05-05T06:50:00Z) or epoch milliseconds (13 digits), not '\(text)'",
      at: word)
  }

  /// The milliseconds of `12:00:00.123Z`, 0 when none are written.
  static func milliseconds(of text: String) -> Int {
    guard let dot = text.utf8.firstIndex(of: UInt8(ascii: ".")) else { return 0 }
    let digits = text.utf8[text.utf8.index(after: dot)...].prefix { (48...57).contains($0) }.prefix(3)
    return digits.reduce(0) { $0 * 10 + Int($1 - 48) } * [100, 10, 1][max(0, digits.count - 1)]
  }
}
