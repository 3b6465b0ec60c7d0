import Testing

@testable import PayshCore

/// What `use` accepts and what `env` says: the values in force, never a placeholder for them.
@Suite("use and env say what is true")
struct ContextTruthTests {
  /// A simulator already running at a fixed address, as the executable's link is after its first use.
  struct Running: LocalSimulator {
    func root() async throws -> String { "http://127.0.0.1:4321" }
    func credentials(for gateway: String) -> [String: String] { [:] }
    func runningRoot() -> String? { "http://127.0.0.1:4321" }
  }

  func run(_ text: String, simulator: (any LocalSimulator)? = nil) async -> (PayshCore.ExitStatus, BufferedOutput) {
    let output = BufferedOutput()
    let shell = Interpreter(output: output)
    shell.services.localSimulator = simulator
    let status = await shell.run(SourceFile(name: "t.ops", text: text), mode: .script)
    return (status, output)
  }

  @Test func cashfreeVersionsAreCheckedAgainstTheKnownList() async {
    let (status, output) = await run("use cashfree --version 2021-01-01")
    #expect(status == .syntax)
    #expect(output.standardError.contains("'2021-01-01' is not a Cashfree API version"))
    #expect(
      output.standardError.contains(
        "Cashfree accepts 2021-05-21, 2022-01-01, 2022-09-01, 2023-08-01, 2025-01-01, 2026-01-01"),
      "\(output.standardError)")
    for version in CashfreeAdapter.knownVersions {
      #expect(await run("use cashfree --version \(version)").0 == .ok, "\(version)")
    }
  }

  @Test func envShowsTheVersionInForce() async {
    let (status, output) = await run("use cashfree\nenv")
    #expect(status == .ok)
    #expect(
      output.standardOutput.contains("api version  2025-01-01 (cashfree's default here)"), "\(output.standardOutput)")
    #expect(!output.standardOutput.contains("gateway default"))
    let (_, chosen) = await run("use paytring --version v1\nenv")
    #expect(chosen.standardOutput.contains("api version  v1\n"), "\(chosen.standardOutput)")
  }

  @Test func envShowsTheSimulatorsAddressOnceItRuns() async {
    let (_, output) = await run("use cashfree\nenv", simulator: Running())
    #expect(output.standardOutput.contains("base url     http://127.0.0.1:4321/pg\n"), "\(output.standardOutput)")
    let (_, before) = await run("use cashfree\nenv")
    #expect(before.standardOutput.contains("base url     the embedded simulator, started on first use"))
  }

  @Test func aBaseURLInLocalIsNotTheEmbeddedSimulator() async {
    let (status, output) = await run("use cashfree local --base-url http://127.0.0.1:9/pg\nenv")
    #expect(status == .ok)
    #expect(!output.standardOutput.contains("embedded simulator"), "\(output.standardOutput)")
    #expect(output.standardOutput.hasPrefix("using cashfree in local, at http://127.0.0.1:9/pg\n"))
    #expect(output.standardOutput.contains("base url     http://127.0.0.1:9/pg\n"))
  }

  @Test func aDurationErrorSaysWhichFormsAreAccepted() async {
    let (status, output) = await run("watch x --every 1.5s")
    #expect(status == .syntax)
    #expect(output.standardError.contains("'1.5s' is not a duration: a whole number with ms, s, m or h"))
    #expect(output.standardError.contains("e.g. 1500ms"), "\(output.standardError)")
  }

  @Test func amountsAreGroupedAsTheirCurrencyIsRead() {
    #expect(Money(minorUnits: 125_050, currency: "INR").description == "₹1,250.50")
    #expect(Money(minorUnits: 123_456_700, currency: "INR").description == "₹12,34,567.00")
    #expect(Money(minorUnits: 1_000_000_000, currency: "INR").description == "₹1,00,00,000.00")
    #expect(Money(minorUnits: 99_999, currency: "INR").description == "₹999.99")
    #expect(Money(minorUnits: -118, currency: "INR").description == "-₹1.18")
    #expect(Money(minorUnits: 123_456_700, currency: "USD").description == "USD 1,234,567.00")
    #expect(Money(minorUnits: 1_500_000, currency: "JPY").description == "JPY 1,500,000")
    #expect(Money(minorUnits: 123_456_700, currency: "INR").decimalText == "1234567.00", "the plain form stays")
  }
}
