import PayshJSON

/// `listen`: takes the gateway's webhooks on 127.0.0.1, verifies each, keeps it in the session as evidence,
/// prints one line for it, and passes it on to the merchant's endpoint when asked.
struct ListenCommand: CommandHandler {
  let spec = CommandSpec(
    name: "listen",
    synopsis:
      "listen [--port N] [--forward-to URL [--forward-timeout 10s]] [--events TYPE,…] [--window MINUTES] [--count N] [--max DURATION]",
    abstract: "Receive webhooks, verify them, keep them as evidence, and pass them on",
    discussion: """
      Takes webhooks on 127.0.0.1 (--port, default any free port) for the gateway in use. In local it
      registers itself with the simulator, which then sends every event it makes (see `trigger`); for
      sandbox and production it says what to point the gateway's dashboard (or a tunnel) at.
      Each delivery is verified with the credentials in use, comparing in constant time (Cashfree:
      x-webhook-signature over x-webhook-timestamp + raw body; its timestamp must fall within --window
      minutes, default 5), stored in the session as a snapshot (headers and body byte for byte, secrets
      redacted, the verdict with it), and printed as one line: type, order, payment, status, amount,
      signature ok or BAD and why. With --forward-to, it is passed on unchanged to the merchant's
      endpoint, whose status and time are kept, and the gateway gets the merchant's answer.
      Stops after --count deliveries, after --max (a duration: 90s, 10m), or on Ctrl-C (the shell stays).
      `webhooks` lists what arrived; `show @N` and `diff @A @B` work on deliveries.
      """,
    examples: [
      "listen", "listen --port 4242 --forward-to http://127.0.0.1:3000/webhooks/cashfree",
      "listen --events PAYMENT_SUCCESS_WEBHOOK,REFUND_STATUS_WEBHOOK --count 1",
    ],
    options: [
      OptionSpec("port", value: .text(placeholder: "N"), "The port on 127.0.0.1 (default any free one)"),
      OptionSpec("forward-to", value: .text(placeholder: "URL"), "Pass each delivery on to this endpoint"),
      OptionSpec("events", value: .text(placeholder: "TYPES"), "Only these event types, comma-separated"),
      OptionSpec("window", value: .text(placeholder: "MINUTES"), "How old a timestamp may be (default 5)"),
      OptionSpec("forward-timeout", value: .text(placeholder: "DURATION"), "How long the merchant may take (10s)"),
      OptionSpec("count", value: .text(placeholder: "N"), "Stop after this many deliveries"),
      OptionSpec("max", value: .text(placeholder: "DURATION"), "Stop after this long (90s, 10m, 1h)"),
    ]
  )

  func check(_ invocation: Invocation) -> [Diagnostic] {
    ["max", "forward-timeout"].compactMap { name in
      guard let word = invocation.value(name), let text = word.literal, WatchCommand.duration(text) == nil else {
        return nil
      }
      let problem = WatchCommand.durationProblem(text)
      return invocation.syntaxError(problem.message, at: word, hint: problem.hint)
    }
  }

  func run(_ invocation: Invocation, in shell: Interpreter) async throws {
    let options = try ListenOptions(invocation, shell)
    if let recorded = shell.services.recorded, recorded.use == .offline {
      return try ListenCommand.replay(invocation, shell, recorded)
    }
    try await ListenCommand.session(invocation, shell, options).run()
  }

  /// An offline replay's listening: the recording's next listening record of the gateway in use, with the
  /// deliveries it took, stored again as they were (their verdicts kept: a signature is never stored, so
  /// it cannot be checked again) and shown as the live run showed them.
  static func replay(_ invocation: Invocation, _ shell: Interpreter, _ recorded: RecordedAnswers) throws {
    try FetchPipeline.checkWritable(shell, invocation)
    guard let gateway = shell.context.gateway else {
      throw invocation.error("no gateway chosen", hint: "choose one first: `use cashfree`")
    }
    guard var record = recorded.nextEvidence(gateway: gateway, resource: Snapshot.listeningResource) else {
      throw invocation.error(
        "offline replay from \(recorded.origin): the recording holds no more listening for \(gateway)",
        hint: "it holds: " + recorded.holdings.joined(separator: ", "))
    }
    let body = try? JSONParser.parse(record.body)
    // A file's count is not trusted: at least none, at most what the recording holds.
    let count = max(0, body?["deliveries"]?.numberValue?.intValue ?? 0)
    var tally = ListenSession.Tally()
    func store(_ snapshot: Snapshot) throws -> Snapshot {
      var snapshot = snapshot
      snapshot.number = 0
      do {
        return try shell.services.snapshots.append(
          snapshot, line: shell.lineForSnapshot(of: invocation, failing: false))
      } catch {
        throw invocation.error("could not store the snapshot: \(error)", hint: "nothing is shown that is not stored")
      }
    }
    for _ in 0..<min(count, 10_000_000) {
      guard let delivery = recorded.nextEvidence(gateway: gateway, resource: Snapshot.webhookResource) else { break }
      let kept = try store(delivery)
      let verdict = kept.webhookVerdict ?? WebhookVerdict(signature: .unchecked, reason: "no verdict recorded")
      tally.kept.append(kept.number)
      if verdict.signature == .bad { tally.bad += 1 }
      shell.output.write(
        ListenSession.line(kept.number, WebhookEvent(body: kept.body), verdict, style: shell.style) + "\n")
    }
    record = try store(record)
    tally.record = record.number
    if let note = body?["note"]?.stringValue { shell.output.write(TerminalText.inline(note) + "\n") }
    shell.output.write(ListenSession.summary(tally, interrupted: false, triggered: body?["note"] != nil) + "\n")
  }

  /// A listening for the gateway in use, bound and ready to run; `during` runs beside it (`trigger`).
  static func session(
    _ invocation: Invocation, _ shell: Interpreter, _ options: ListenOptions,
    during: (@Sendable (GatewayContext) -> @Sendable () async throws -> String)? = nil
  ) async throws -> ListenSession {
    try FetchPipeline.checkWritable(shell, invocation)
    let gateway = try await GatewayContext.current(shell, invocation)
    let keys = gateway.adapter.name == "enkash" ? nil : try VerifyCommand.keys(shell, invocation, gateway)
    let listener: WebhookListener
    do {
      listener = try await WebhookListener.start(port: options.port)
    } catch {
      throw invocation.error(
        "cannot listen on 127.0.0.1:\(options.port): \(error)", hint: "choose another port with --port N")
    }
    return ListenSession(
      shell: shell, invocation: invocation, gateway: gateway, options: options, listener: listener,
      reception: WebhookReception(
        gateway: gateway.adapter.name, environment: gateway.environment, apiVersion: gateway.apiVersion,
        key: keys?.key, others: keys?.others ?? [], windowMilliseconds: options.window * 60_000,
        redactor: shell.services.redactor, root: "http://127.0.0.1:\(listener.port)"),
      clock: GatewayClock(
        simulator: gateway.simulatorRoot),
      during: during?(gateway))
  }
}

/// What `listen` was asked, read and checked before anything is bound.
struct ListenOptions {
  var port = 0
  var forwardTo: String?
  var events: Set<String>?
  var window = 5
  var count: Int?
  /// Microseconds.
  var max: Int?
  /// How long the merchant's endpoint may take to answer, in microseconds.
  var forwardTimeout = 10_000_000

  init() {}

  init(_ invocation: Invocation, _ shell: Interpreter) throws {
    if invocation.value("port") != nil {
      port = try VerifyCommand.number(invocation, shell, "port", default: 0, range: 0...65_535)
    }
    window = try VerifyCommand.number(invocation, shell, "window", default: 5, range: 0...10_080)
    if invocation.value("count") != nil {
      count = try VerifyCommand.number(invocation, shell, "count", default: 1, range: 1...10_000_000)
    }
    max = try WatchCommand.duration(option: "max", invocation, shell)
    forwardTimeout = min(
      try WatchCommand.duration(option: "forward-timeout", invocation, shell) ?? forwardTimeout, 120_000_000)
    if let word = invocation.value("forward-to") {
      let url = try shell.expand(word, in: invocation)
      guard url.hasPrefix("http://") || url.hasPrefix("https://"), url.utf8.count <= 2_048,
        !url.unicodeScalars.contains(where: { $0.value <= 32 || $0.value == 127 })
      else {
        throw invocation.error(
          "--forward-to takes an http:// or https:// URL with no spaces, not '\(url)'", at: word,
          hint: "e.g. --forward-to http://127.0.0.1:3000/webhooks")
      }
      forwardTo = url
    }
    if let word = invocation.value("events") {
      let text = try shell.expand(word, in: invocation)
      let types = text.split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
      guard !types.isEmpty,
        types.allSatisfy({ $0.utf8.count <= 64 && $0.utf8.allSatisfy { ListenOptions.typeByte($0) } })
      else {
        throw invocation.error(
          "--events takes event types separated by commas (letters, digits and _), not '\(text)'", at: word,
          hint: "e.g. --events PAYMENT_SUCCESS_WEBHOOK,REFUND_STATUS_WEBHOOK")
      }
      events = Set(types)
    }
  }

  static func typeByte(_ byte: UInt8) -> Bool {
    (65...90).contains(byte) || (97...122).contains(byte) || (48...57).contains(byte) || byte == 95 || byte == 46
  }
}
