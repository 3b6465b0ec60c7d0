import PayshJSON

/// One run of `listen`: registers with the local simulator, takes deliveries as they come, in batches of
/// what arrived together (judge and forward each, commit the batch, answer and print each), and says what arrived when it stops.
struct ListenSession {
  let shell: Interpreter
  let invocation: Invocation
  let gateway: GatewayContext
  let options: ListenOptions
  let listener: WebhookListener
  let reception: WebhookReception
  /// The gateway's clock against this machine's: the local simulator's, which runs on the fixture day.
  let clock: GatewayClock
  /// Run beside the listening once it is registered (`trigger`'s request to the simulator); when it ends,
  /// the listening ends after the deliveries it caused. Its line is printed first.
  var during: (@Sendable () async throws -> String)? = nil

  /// Requests to the simulator and the merchant: one attempt each, redirects not followed.
  static let transport = HTTPTransport(policy: .none, timeoutSeconds: 10)

  /// One attempt of `request`, its answer or why none came.
  static func send(_ request: OutgoingRequest, timeout: Int) async -> Result<IncomingResponse, TransportError> {
    do throws(TransportError) {
      return .success(try await transport.once(request, timeout: timeout))
    } catch {
      return .failure(error)
    }
  }

  struct Tally {
    var kept: [Int] = []
    var bad = 0
    var ignored = 0
    /// The listening's own record, once stored.
    var record: Int?
  }

  /// The record of a listening: when, where, what for, how many came (the `listening` resource).
  static func record(
    _ reception: WebhookReception, from: Int, until: Int, tally: Tally, events: Set<String>?, note: String?
  ) -> Snapshot {
    func time(_ milliseconds: Int) -> String { Clock.utcText(epochMilliseconds: milliseconds) }
    var members = [
      JSONObject.Member("from", .string(time(from))), JSONObject.Member("until", .string(time(until))),
      JSONObject.Member("url", .string(reception.root + "/")),
      JSONObject.Member("deliveries", .number(JSONNumber(tally.kept.count))),
      JSONObject.Member("bad", .number(JSONNumber(tally.bad))),
      JSONObject.Member("ignored", .number(JSONNumber(tally.ignored))),
    ]
    if let events { members.append(JSONObject.Member("events", .array(events.sorted().map(JSONValue.string)))) }
    if let note { members.append(JSONObject.Member("note", .string(note))) }
    return Snapshot(
      number: 0, gateway: reception.gateway, environment: reception.environment, apiVersion: reception.apiVersion,
      resource: Snapshot.listeningResource, orderID: "", method: "LISTEN", url: reception.root + "/",
      requestHeaders: [], requestBody: nil, status: 200, responseHeaders: [],
      body: Array(JSONPrinter.compact(.object(JSONObject(members))).utf8), fetchedAt: time(from),
      latencyMicroseconds: (until - from) * 1_000, retries: [], order: nil)
  }

  func run() async throws {
    let style = shell.style
    var registration: String?
    do {
      registration = try await register()
    } catch let refused as Diagnostic where during == nil {
      // An older simulator (`paysh sim` elsewhere) may not deliver webhooks: listen all the same.
      shell.output.writeError("warning: \(refused.message); listening all the same\n")
    } catch {
      await listener.stop()
      throw error
    }
    await clock.start()
    if during == nil { shell.output.write(style.dim(plan(registration: registration)) + "\n") }
    let timer = options.max.map { microseconds in
      Task { [listener] in
        try? await Task.sleep(for: .microseconds(microseconds))
        await listener.stop()
      }
    }
    let action = during.map { during in
      Task { [listener] () -> Result<String, any Error> in
        defer { Task { await listener.stop() } }
        do { return .success(try await during()) } catch { return .failure(error) }
      }
    }
    var tally = Tally()
    var failure: (any Error)?
    let from = Clock.epochMilliseconds() + clock.offset
    // Taken on the listener's own event loop: socket, judging, store and answer on one thread.
    await withTaskExecutorPreference(listener.executor) {
      for await arrived in listener.deliveries {
        // Ctrl-C: what is still queued is answered 503, not judged, forwarded and stored.
        guard !Task.isCancelled else {
          for delivery in arrived { delivery.reply(.text(503, "paysh stopped listening")) }
          break
        }
        var batch = arrived[...]
        if let count = options.count, batch.count > count - tally.kept.count {
          for delivery in batch.dropFirst(count - tally.kept.count) {
            delivery.reply(.text(503, "paysh stopped listening"))
          }
          batch = batch.prefix(count - tally.kept.count)
        }
        do {
          try await take(Array(batch), &tally)
        } catch {
          failure = error
          break
        }
        if let count = options.count, tally.kept.count >= count { break }
      }
    }
    let interrupted = Task.isCancelled
    timer?.cancel()
    await listener.stop()
    for await left in listener.deliveries {
      for delivery in left { delivery.reply(.text(503, "paysh stopped listening")) }
    }
    await listener.closeConnections()
    if let registration { await unregister(registration) }
    var note: String?
    if let action {
      action.cancel()
      switch await action.value {
      case .success(let line): note = line
      case .failure(let error): if failure == nil, !interrupted { failure = error }
      }
    }
    // What was listened for, and when, is kept too: `webhook_missing` reads it, and a session with no
    // delivery still shows that paysh listened.
    let record = ListenSession.record(
      reception, from: from, until: Clock.epochMilliseconds() + clock.offset, tally: tally, events: options.events,
      note: note)
    do {
      let kept = try shell.services.snapshots.append(
        record, line: shell.lineForSnapshot(of: invocation, failing: failure != nil || interrupted))
      tally.record = kept.number
    } catch {
      if failure == nil { failure = invocation.error("could not store the listening's record: \(error)") }
    }
    if let note { shell.output.write(note + "\n") }
    shell.output.write(ListenSession.summary(tally, interrupted: interrupted, triggered: during != nil) + "\n")
    if let failure { throw failure }
    if interrupted { throw CancellationError() }
  }

  /// Judges and forwards each delivery of a batch, commits those kept in one transaction, then answers and
  /// prints each: the gateway hears 200, and the terminal sees a line, only for what is stored.
  func take(_ batch: [WebhookListener.Delivery], _ tally: inout Tally) async throws {
    let style = shell.style
    var kept: [(delivery: WebhookListener.Delivery, snapshot: Snapshot, event: WebhookEvent, verdict: WebhookVerdict)] =
      []
    for delivery in batch {
      let request = delivery.request
      guard request.method == "POST" else {
        delivery.reply(.text(405, "paysh listens for webhooks: POST them", headers: [HTTPHeader("allow", "POST")]))
        shell.output.write(
          style.dim("\(TerminalText.inline(request.method)) \(request.target): not a webhook (405)") + "\n")
        continue
      }
      var received = reception.receive(request, offset: clock.offset)
      if received.timeOutside, await clock.refresh() {
        received = reception.receive(request, offset: clock.offset)  // the simulator's clock was moved
      }
      var (snapshot, event, verdict) = (received.snapshot, received.event, received.verdict)
      if let events = options.events, !events.contains(event.type ?? "") {
        delivery.reply(.text(200, "ignored by paysh listen --events"))
        tally.ignored += 1
        shell.output.write(style.dim("ignored \(TerminalText.inline(event.type ?? "a webhook with no type"))") + "\n")
        continue
      }
      if let target = options.forwardTo, !Task.isCancelled {
        verdict = await forward(request, to: target, verdict)
        let answer = WebhookReception.answer(verdict)
        snapshot.status = answer.status
        snapshot.responseHeaders = answer.headers
      }
      kept.append((delivery, snapshot, event, verdict))
    }
    guard !kept.isEmpty else { return }
    let stored: [Snapshot]
    do {
      stored = try shell.services.snapshots.append(
        contentsOf: kept.map(\.snapshot), line: shell.lineForSnapshot(of: invocation, failing: false))
    } catch {
      for item in kept { item.delivery.reply(.text(503, "paysh could not store the delivery")) }
      throw invocation.error("could not store the delivery: \(error)", hint: "nothing is shown that is not stored")
    }
    var lines = ""
    for (item, snapshot) in zip(kept, stored) {
      item.delivery.reply(WebhookReception.answer(item.verdict))
      tally.kept.append(snapshot.number)
      if item.verdict.signature == .bad { tally.bad += 1 }
      lines += ListenSession.line(snapshot.number, item.event, item.verdict, style: style) + "\n"
    }
    // A team store writes a batch one statement each: refused part-way (the session dropped meanwhile), the
    // rest were not stored, and the gateway is told so to send them again.
    for item in kept.dropFirst(stored.count) { item.delivery.reply(.text(503, "paysh could not store the delivery")) }
    shell.output.write(lines)
  }

  /// `@4 PAYMENT_SUCCESS_WEBHOOK, order o1, payment 6000000301 SUCCESS 170.00 INR: signature ok`.
  static func line(_ number: Int, _ event: WebhookEvent, _ verdict: WebhookVerdict, style: TextStyle) -> String {
    let judged: String
    // The reason is read back from a stored answer header in a replay: one line, whatever a file holds.
    let reason = TerminalText.inline(verdict.reason)
    switch verdict.signature {
    case .ok: judged = style.green(reason)
    case .bad: judged = style.red("BAD") + ": " + reason
    case .unchecked: judged = style.yellow(reason)
    }
    let forwarding = verdict.forwarding.map { "; " + TerminalText.inline($0) } ?? ""
    return "@\(number) " + TerminalText.inline(event.summary) + ": " + judged + forwarding
  }

  /// Passes the delivery on unchanged (its method, headers and body) and notes the merchant's answer.
  func forward(_ request: WebhookListener.Request, to target: String, _ verdict: WebhookVerdict) async -> WebhookVerdict
  {
    let hop: Set<String> = ["host", "content-length", "connection", "transfer-encoding", "keep-alive", "expect"]
    let outgoing = OutgoingRequest(
      method: request.method, url: target + ListenSession.query(of: request.target, joining: target),
      headers: request.headers.filter { !hop.contains($0.name.lowercased()) }, body: request.body)
    var forwarded = verdict
    forwarded.forwardedTo = shell.services.redactor.url(target)
    let started = Clock.now()
    switch await ListenSession.send(outgoing, timeout: options.forwardTimeout) {
    case .success(let answer): forwarded.forwardedStatus = answer.status
    case .failure(let error): forwarded.forwardError = error.message
    }
    forwarded.forwardMicroseconds = Clock.now() - started
    return forwarded
  }

  /// The request target's query, to add to `url` (`?q=1`, or `&q=1` when `url` has a query of its own).
  static func query(of target: String, joining url: String) -> String {
    guard let mark = target.firstIndex(of: "?") else { return "" }
    let query = target[target.index(after: mark)...]
    guard !query.isEmpty else { return "" }
    return (url.contains("?") ? "&" : "?") + query
  }

  /// In `local`, registers the listener with the simulator for the gateway in use: its endpoint id.
  func register() async throws -> String? {
    // The simulator the gateway's requests go to: the embedded one, or a `paysh sim` named by --base-url.
    guard let base = clock.simulator else { return nil }
    var members = [
      JSONObject.Member("url", .string(reception.root + "/")),
      JSONObject.Member("gateway", .string(gateway.adapter.name)),
    ]
    if let events = options.events {
      members.append(JSONObject.Member("events", .array(events.sorted().map(JSONValue.string))))
    }
    if gateway.adapter.name == "cashfree", ["2022-09-01", "2023-08-01", "2025-01-01"].contains(gateway.apiVersion) {
      members.append(JSONObject.Member("version", .string(gateway.apiVersion)))
    }
    let body = JSONValue.object(JSONObject(members))
    let request = OutgoingRequest(
      method: "POST", url: base + "/_sim/webhooks", headers: [HTTPHeader("content-type", "application/json")],
      body: Array(JSONPrinter.compact(body).utf8))
    switch await ListenSession.send(request, timeout: 5_000_000) {
    case .failure(let error):
      throw invocation.error("could not register with the local simulator: \(error.message)")
    case .success(let answer):
      guard answer.status < 300, let id = (try? JSONParser.parse(answer.body))?["id"]?.scalarText else {
        throw invocation.error(
          "the simulator refused the registration (HTTP \(answer.status)): "
            + TerminalText.inline(String(decoding: answer.body.prefix(300), as: UTF8.self)))
      }
      return id
    }
  }

  func unregister(_ id: String) async {
    guard let base = clock.simulator else { return }
    let request = OutgoingRequest(method: "DELETE", url: base + "/_sim/webhooks/" + PathEncoding.segment(id))
    _ = await ListenSession.send(request, timeout: 5_000_000)
  }

  func plan(registration: String?) -> String {
    let url = reception.root + "/"
    let stop = options.count.map { "; stops after \(Counted.text($0, "delivery", plural: "deliveries"))" } ?? ""
    if let registration {
      return "listening on \(url) for \(gateway.adapter.name) local (registered with the simulator as "
        + "\(TerminalText.inline(registration))): `trigger EVENT ORDER` makes one\(stop); Ctrl-C stops"
    }
    return "listening on \(url) for \(gateway.adapter.name) \(gateway.environment): point the gateway's "
      + "webhook URL (its dashboard) at a tunnel to it, e.g. `cloudflared tunnel --url \(url)`\(stop); Ctrl-C stops"
  }

  static func summary(_ tally: Tally, interrupted: Bool, triggered: Bool) -> String {
    let numbers = tally.kept.count <= 12 ? tally.kept.map { "@\($0)" }.joined(separator: " ") : ""
    let head = triggered && !interrupted ? "" : "listen \(interrupted ? "interrupted" : "stopped"): "
    var text =
      head
      + Counted.text(tally.kept.count, "delivery", plural: "deliveries") + " stored"
      + (numbers.isEmpty ? "" : " (\(numbers))")
    if tally.bad > 0 { text += ", \(tally.bad) BAD" }
    if tally.ignored > 0 { text += ", \(tally.ignored) ignored" }
    if let record = tally.record { text += "; the listening is @\(record)" }
    return text
  }
}

/// How far the gateway's clock is from this machine's, in milliseconds: 0 for a real gateway; the local
/// simulator's, read from its admin API when listening starts and again whenever a delivery's time falls
/// outside the window (its clock may have been moved to send a retry; a loopback call of a tenth of a ms).
final class GatewayClock: @unchecked Sendable {
  /// The admin API's root, in local.
  let simulator: String?
  private(set) var offset = 0

  init(simulator: String?) {
    self.simulator = simulator
  }

  func start() async { _ = await refresh() }

  /// Reads the simulator's clock again; true when the offset changed.
  func refresh() async -> Bool {
    guard let simulator else { return false }
    let request = OutgoingRequest(method: "GET", url: simulator + "/_sim/clock")
    // A loopback call, but a loaded machine may take seconds to answer it.
    guard case .success(let answer) = await ListenSession.send(request, timeout: 10_000_000), answer.status == 200,
      let text = (try? JSONParser.parse(answer.body))?["now"]?.stringValue, let instant = Instant(iso8601: text)
    else { return false }
    let fresh = instant.seconds * 1_000 + VerifyCommand.milliseconds(of: text) - Clock.epochMilliseconds()
    defer { offset = fresh }
    return abs(fresh - offset) >= 1_000
  }
}
