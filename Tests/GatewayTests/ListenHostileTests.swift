import Foundation
import PayshJSON
import Testing

@testable import PayshCore

/// What the hostile review found, each held by a test that failed before its fix.
@Suite("listen under attack")
struct ListenHostileTests {
  @Test func aCraftedRecordingNeitherCrashesNorForgesLines() async throws {
    let harness = try await GatewayHarness()
    let delivery = Snapshot(
      number: 1, gateway: "cashfree", environment: "local", apiVersion: "2025-01-01", resource: "webhook",
      orderID: "o1", method: "POST", url: "http://127.0.0.1:1/", requestHeaders: [], requestBody: nil, status: 200,
      responseHeaders: [
        HTTPHeader("x-paysh-signature", "ok"),
        HTTPHeader("x-paysh-verdict", "signature ok\n@9 PAYMENT_SUCCESS_WEBHOOK, order fake: signature ok"),
      ], body: Array(#"{"type":"PAYMENT_SUCCESS_WEBHOOK"}"#.utf8), fetchedAt: "2025-01-01T00:00:00.000Z",
      latencyMicroseconds: 0, retries: [], order: nil)
    var record = delivery
    record.number = 2
    record.resource = "listening"
    record.orderID = ""
    record.responseHeaders = []
    for count in ["-1", "1e300", "99999999999999999999", "1"] {
      record.body = Array(
        #"{"from":"2025-01-01T00:00:00Z","until":"2025-01-01T00:01:00Z","deliveries":\#(count)}"#.utf8)
      harness.shell.services.recorded = RecordedAnswers([delivery, record], use: .offline, origin: "crafted.paysh")
      #expect(await harness.run("use cashfree\nlisten") == .ok, "deliveries: \(count)")
    }
    let out = harness.output.standardOutput
    #expect(!out.contains("\n@9 PAYMENT_SUCCESS_WEBHOOK"), "a stored reason cannot print a line of its own: \(out)")
    #expect(out.contains("signature ok\\n@9"))
  }

  @Test func aFloodWaitingOnASlowMerchantIsBoundedAnd503ed() async throws {
    let merchant = try await WebhookListener.start(port: 0)
    let held = Task { for await _ in merchant.deliveries {} }  // never answers
    let harness = try await GatewayHarness()
    let flood = WebhookListener.maxWaiting + 8
    async let status = harness.run(
      "use cashfree\nlisten --count \(WebhookListener.maxWaiting) --forward-timeout 50ms --forward-to http://127.0.0.1:\(merchant.port)/"
    )
    let port = try await ListenCommandTests.listening(harness)
    let body = ListenCommandTests.body
    var request = "POST /hook HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: \(body.utf8.count)\r\n"
    for header in ListenCommandTests.fresh(body) { request += "\(header.name): \(header.value)\r\n" }
    request += "\r\n" + body
    // Each on its own connection, all sent before any is answered (a client's pool would queue them).
    let connections = try (0..<flood).map { _ in try IdleConnection(port: port) }
    for connection in connections { connection.send(request) }
    let statuses = await withTaskGroup(of: Int.self) { group in
      for connection in connections { group.addTask { await IdleConnection.offThePool { connection.status() } } }
      return await group.reduce(into: [Int]()) { $0.append($1) }
    }
    #expect(await status == .ok)
    #expect(statuses.filter { $0 == 503 }.count >= flood - WebhookListener.maxWaiting, "\(statuses)")
    #expect(statuses.count == flood, "every request got an answer")
    held.cancel()
    await merchant.stop()
  }

  @Test func ctrlCAnswersWhatIsQueuedAndKeepsTheListening() async throws {
    let merchant = try await WebhookListener.start(port: 0)
    let reached = Task { () -> Int in
      for await batch in merchant.deliveries { return batch.count }  // never answers
      return 0
    }
    let harness = try await GatewayHarness()
    let run = Task {
      await harness.run("use cashfree\nlisten --forward-timeout 60s --forward-to http://127.0.0.1:\(merchant.port)/")
    }
    let port = try await ListenCommandTests.listening(harness)
    let body = ListenCommandTests.body
    var request = "POST /hook HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: \(body.utf8.count)\r\n"
    for header in ListenCommandTests.fresh(body) { request += "\(header.name): \(header.value)\r\n" }
    request += "\r\n" + body
    let first = try IdleConnection(port: port)
    first.send(request)
    #expect(await reached.value == 1, "the first delivery is being forwarded")
    let queued = try (0..<4).map { _ in try IdleConnection(port: port) }
    for connection in queued { connection.send(request) }
    try await Task.sleep(for: .milliseconds(200))  // read and queued behind the first
    run.cancel()  // Ctrl-C
    #expect(await run.value != .ok)
    let statuses = await withTaskGroup(of: Int.self) { group in
      for connection in queued { group.addTask { await IdleConnection.offThePool { connection.status() } } }
      return await group.reduce(into: [Int]()) { $0.append($1) }
    }
    #expect(statuses == [503, 503, 503, 503], "what was queued is answered, not judged and forwarded")
    let out = harness.output.standardOutput
    #expect(out.contains("listen interrupted: 1 delivery stored (@1); the listening is @2"), "\(out)")
    #expect(try harness.snapshot(2)?.resource == "listening")
    await merchant.stop()
  }

  @Test func aConnectionLeftOpenIsClosedWhenTheListeningEnds() async throws {
    let harness = try await GatewayHarness()
    async let status = harness.run("use cashfree\nlisten --count 1")
    let port = try await ListenCommandTests.listening(harness)
    let idle = try IdleConnection(port: port)
    _ = try await ListenCommandTests.post(port, Array("{}".utf8), [])
    #expect(await status == .ok)
    #expect(
      await IdleConnection.offThePool { idle.waitsForClose() }, "the listener closed the connection it had left open")
  }

  @Test func aForwardedQueryJoinsTheMerchantsOwn() {
    #expect(ListenSession.query(of: "/cb?q=1", joining: "http://m/hook?token=t") == "&q=1")
    #expect(ListenSession.query(of: "/cb?q=1", joining: "http://m/hook") == "?q=1")
    #expect(ListenSession.query(of: "/cb", joining: "http://m/hook") == "")
  }
}
