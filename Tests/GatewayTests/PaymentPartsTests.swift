import PayshCore
import Testing

/// `fetch ORDER payments` shows a table of the attempts before the raw answer; `show --mapping` explains it.
@Suite("Payments: the table and its mapping")
struct PaymentPartsTests {
  @Test func fetchShowsATableThenTheRawAnswerAndShowMappingExplainsIt() async throws {
    let harness = try await GatewayHarness()
    #expect(await harness.run("use cashfree\nfetch cf_sim_failed_then_paid payments") == .ok)
    let out = harness.output.standardOutput
    let table = try #require(out.range(of: "PAYMENT "))
    let raw = try #require(out.range(of: "\"cf_payment_id\""))
    #expect(table.lowerBound < raw.lowerBound, "the table comes before the raw JSON")
    #expect(
      out.contains("success (SUCCESS)") && out.contains("SIM5100000006") && out.contains("dropped (USER_DROPPED)"))
    #expect(await harness.run("show --mapping") == .ok)
    #expect(harness.output.standardOutput.contains("bank_reference  .bank_reference  as sent (UTR)"))
    #expect(await harness.run("fetch cf_sim_paid --summary\nshow --mapping") == .ok, "an order keeps its own mapping")
    #expect(await harness.run("fetch cf_sim_paid settlements\nshow --mapping") == .ok)
    #expect(harness.output.standardOutput.contains("settled     ₹1,220.99"), "\(harness.output.standardOutput)")
    #expect(harness.output.standardOutput.contains("utr         UTR5100000002"))
    #expect(harness.output.standardOutput.contains("settlement_amount  .settlement_amount  1220.99 in major units"))
    #expect(await harness.run("fetch cf_sim_paid settlements --raw\nshow --headers") == .ok)
    #expect(await harness.run("fetch cf_sim_paid\nfetch cf_sim_paid --raw\nshow @1 --mapping") == .ok)
  }
}
