import PayshCore
import PayshSimulator
import Testing

/// Three refused EnKash logins lock the user: a refused login is remembered for those credentials, and
/// no later fetch sends them again until `auth` is run or the credentials change.
@Suite("EnKash refused logins are remembered")
struct EnKashLockTests {
  static let wrongPassword = [
    "ENKASH_CLIENT_ID": "SIMENKASH01", "ENKASH_CLIENT_SECRET": "sim-enkash-client-secret",
    "ENKASH_USERNAME": "9999900000", "ENKASH_PASSWORD": "wrong-password",
  ]

  /// A harness whose EnKash credentials come from the environment (a wrong password), not the simulator.
  func harness() async throws -> GatewayHarness {
    let harness = try await GatewayHarness(environment: EnKashLockTests.wrongPassword)
    #expect(await harness.run(line: "use enkash local --base-url \(harness.simulator.baseURL)") == .ok)
    return harness
  }

  @Test func laterFetchesSendNothingAfterARefusedLogin() async throws {
    let harness = try await harness()
    for _ in 0..<3 {
      #expect(await harness.run(line: "fetch 12345") == .runtime)
    }
    #expect(harness.requestCount("/oauth/token") == 1, "one login, not three: the third would lock the user")
    #expect(harness.requestCount("orderDetails") == 0)
    let errors = harness.output.standardError
    #expect(errors.contains("EnKash refused the login (HTTP 401): Bad credentials"), "\(errors)")
    let remembered = "EnKash refused these credentials at the last login (HTTP 401: Bad credentials"
    #expect(errors.components(separatedBy: remembered).count == 3, "said on each later fetch: \(errors)")
    #expect(errors.contains("nothing was sent"))
    #expect(errors.contains("fix the username (from $ENKASH_USERNAME) or password (from $ENKASH_PASSWORD)"))
    #expect(errors.contains("then run `auth`"))
    #expect(errors.contains("POST /_sim/enkash/unlock"), "in local, how to unlock the simulator's user")
    #expect(!harness.output.transcript.contains("wrong-password"))
  }

  @Test func authTriesAgainAndChangedCredentialsAreSent() async throws {
    let harness = try await harness()
    #expect(await harness.run(line: "fetch 12345") == .runtime)
    #expect(await harness.run(line: "auth") == .runtime, "auth is the way to try the login again")
    #expect(harness.requestCount("/oauth/token") == 2)
    #expect(await harness.run(line: "fetch 12345") == .runtime)
    #expect(harness.requestCount("/oauth/token") == 2, "refused again: remembered again")
    // Other credentials (the right password) are not the ones refused: they are sent.
    harness.shell.services.credentials["enkash@local"]?.values["password"]?.value =
      Simulator.credentials.enkash.password
    #expect(await harness.run(line: "fetch 12345") == .ok, "\(harness.output.standardError)")
    #expect(harness.requestCount("/oauth/token") == 3)
  }
}
