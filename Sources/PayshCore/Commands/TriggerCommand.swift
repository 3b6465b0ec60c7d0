import PayshJSON

/// `trigger EVENT ORDER`: has the local simulator make an event happen to an order and receives the webhooks
/// it sends, as `listen` would: one line to reproduce "the webhook for this order".
struct TriggerCommand: CommandHandler {
  static let events = [
    "payment_success", "payment_failed", "payment_dropped", "refund_success", "refund_cancelled", "settlement",
  ]

  let spec = CommandSpec(
    name: "trigger",
    synopsis: "trigger EVENT ORDER [--forward-to URL] [--window MINUTES]",
    abstract: "Make an event happen to a simulated order and receive its webhooks",
    discussion: """
      In local only: the simulator makes EVENT happen to ORDER (payment_success, payment_failed,
      payment_dropped: a payment attempt with that outcome; refund_success, refund_cancelled; settlement)
      and sends the gateway's webhook for it. paysh listens while it does (as `listen` does: verified,
      stored in the session, one line each, passed on with --forward-to) and stops once the simulator's
      first attempts are answered. Retries follow on the simulator's clock.
      """,
    examples: [
      "trigger payment_success cf_sim_active",
      "trigger refund_success cf_sim_paid --forward-to http://127.0.0.1:3000/hook",
    ],
    arguments: [
      ArgumentSpec("event", .choice(TriggerCommand.events)),
      ArgumentSpec("order", .orderID),
    ],
    options: [
      OptionSpec("forward-to", value: .text(placeholder: "URL"), "Pass each delivery on to this endpoint"),
      OptionSpec("window", value: .text(placeholder: "MINUTES"), "How old a timestamp may be (default 5)"),
    ]
  )

  func run(_ invocation: Invocation, in shell: Interpreter) async throws {
    guard let event = try invocation.text(at: 0, shell), let orderID = try invocation.text(at: 1, shell) else {
      throw invocation.error(
        "trigger needs an event and an order", hint: "e.g. `trigger payment_success cf_sim_active`")
    }
    guard TriggerCommand.events.contains(event) else {
      throw invocation.error(
        "'\(event)' is not an event trigger makes", at: invocation.positionals.first,
        hint: "one of " + TriggerCommand.events.joined(separator: ", "))
    }
    if let problem = PathEncoding.idProblem(orderID) {
      throw invocation.error(problem, at: invocation.positionals.dropFirst().first)
    }
    if let recorded = shell.services.recorded, recorded.use == .offline {
      return try ListenCommand.replay(invocation, shell, recorded)
    }
    guard shell.context.environment == "local", shell.context.baseURL == nil else {
      throw invocation.error(
        "trigger asks the local simulator: \(shell.context.gateway ?? "the gateway") \(shell.context.environment) "
          + "cannot be asked to make a payment happen",
        hint: "`use \(shell.context.gateway ?? "cashfree")` (local), or make the payment in the gateway's test mode")
    }
    let options = try ListenOptions(invocation, shell)
    let session = try await ListenCommand.session(invocation, shell, options) { gateway in
      let url =
        (gateway.simulatorRoot ?? gateway.baseURL) + "/_sim/orders/" + PathEncoding.segment(gateway.adapter.name) + "/"
        + PathEncoding.segment(orderID) + "/trigger"
      return { try await TriggerCommand.ask(url, event: event, orderID: orderID, invocation) }
    }
    try await session.run()
  }

  /// Asks the simulator for the event, waiting for its first deliveries; the line saying what it did.
  static func ask(_ url: String, event: String, orderID: String, _ invocation: Invocation) async throws -> String {
    let body = JSONValue.object(
      JSONObject([JSONObject.Member("event", .string(event)), JSONObject.Member("wait", .bool(true))]))
    let request = OutgoingRequest(
      method: "POST", url: url, headers: [HTTPHeader("content-type", "application/json")],
      body: Array(JSONPrinter.compact(body).utf8))
    let answer: IncomingResponse
    switch await ListenSession.send(request, timeout: 30_000_000) {
    case .success(let received): answer = received
    case .failure(let error): throw invocation.error("could not reach the local simulator: \(error.message)")
    }
    let json = try? JSONParser.parse(answer.body)
    guard answer.status < 300 else {
      let said =
        json?["error"]?["message"]?.scalarText ?? json?["message"]?.scalarText
        ?? String(decoding: answer.body.prefix(300), as: UTF8.self)
      throw invocation.error("the simulator refused \(event) for \(orderID) (HTTP \(answer.status)): \(said)")
    }
    let status = json?["status"]?.scalarText.map { ", order now \($0)" } ?? ""
    let sent = { if case .array(let items)? = json?["deliveries"] { items.count } else { 0 } }()
    return "triggered \(event) on \(orderID)\(status): "
      + Counted.text(sent, "webhook", plural: "webhooks") + " sent"
  }
}
