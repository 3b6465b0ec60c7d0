import Foundation
import PayshCore
import Testing

/// Answers that are no answer to a fetch: a redirect, an empty body, JSON that is not an object or array.
/// Each is an error (exit 3) with its line and a hint, and is stored as evidence.
@Suite("Bad answers fail their line")
struct BadAnswerTests {
  func fault(_ harness: GatewayHarness, _ json: String) async throws {
    #expect(try await harness.admin("POST", "/_sim/faults", json) < 300)
  }

  @Test func aRedirectIsAnErrorNamingWhereItPointed() async throws {
    let harness = try await GatewayHarness()
    try await fault(
      harness,
      #"{"gateway":"cashfree","route":"order","kind":"redirect","status":302,"location":"https://login.example/sso"}"#)
    #expect(await harness.run("use cashfree; fetch cf_sim_paid") == .runtime)
    #expect(harness.output.standardOutput.hasPrefix("using cashfree"))
    #expect(harness.output.standardOutput.contains("HTTP 302 · "), "the answer's line is shown")
    let errors = harness.output.standardError
    #expect(errors.contains("HTTP 302: a redirect to https://login.example/sso; paysh never follows redirects"))
    #expect(errors.contains("check the base URL and environment"), "\(errors)")
    #expect(errors.contains("stored as @1"), "\(errors)")
    #expect(harness.requestCount("/pg/orders/cf_sim_paid") == 1, "a redirect is not retried or followed")
    let snapshot = try #require(try harness.last)
    #expect(snapshot.status == 302)
    #expect(snapshot.responseHeaders.first("location") == "https://login.example/sso")
  }

  @Test func aPermanentRedirectToo() async throws {
    let harness = try await GatewayHarness()
    try await fault(harness, #"{"gateway":"paytring","kind":"redirect","status":308}"#)
    #expect(await harness.run("use paytring; fetch 1111111111111111") == .runtime)
    #expect(harness.output.standardError.contains("HTTP 308: a redirect to https://example.invalid/elsewhere"))
  }

  @Test func anEmptyBodyIsAnError() async throws {
    let harness = try await GatewayHarness()
    try await fault(harness, #"{"gateway":"cashfree","route":"order","kind":"body","body":""}"#)
    #expect(await harness.run("use cashfree; fetch cf_sim_paid") == .runtime)
    let errors = harness.output.standardError
    #expect(errors.contains("HTTP 200 with an empty body"), "\(errors)")
    #expect(errors.contains("stored as @1"))
    #expect(try harness.last?.body.isEmpty == true)
  }

  @Test(arguments: [("null", "null"), ("42", "number"), (#""ok""#, "string"), ("true", "boolean")])
  func jsonThatIsNotAnObjectOrArrayIsAnError(body: String, type: String) async throws {
    let harness = try await GatewayHarness()
    let escaped = body.replacingOccurrences(of: "\"", with: "\\\"")
    try await fault(harness, #"{"gateway":"enkash","route":"order_details","kind":"body","body":""# + escaped + #""}"#)
    #expect(await harness.run("use enkash; fetch 12345") == .runtime)
    let errors = harness.output.standardError
    #expect(errors.contains("HTTP 200 with a body of JSON \(type), not an object or array"), "\(errors)")
    #expect(try harness.last?.bodyText == body, "stored as evidence, byte for byte")
  }

  @Test func inAScriptTheBadAnswerStopsItAtItsLine() async throws {
    let harness = try await GatewayHarness()
    try await fault(harness, #"{"gateway":"cashfree","route":"payments","kind":"body","body":"null"}"#)
    let status = await harness.run("use cashfree\nfetch cf_sim_paid --summary\nfetch cf_sim_paid payments\necho after")
    #expect(status == .runtime)
    #expect(!harness.output.standardOutput.contains("after"))
    #expect(try harness.shell.services.snapshots.count() == 2, "both answers stored, the bad one as evidence")
  }
}
