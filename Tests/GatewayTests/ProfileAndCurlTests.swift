import Foundation
import PayshCore
import Testing

@Suite("Profiles, curl and secrets")
struct ProfileAndCurlTests {
  /// A config folder holding `text` as paysh/config.toml.
  static func configHome(_ text: String) throws -> String {
    let folder = try GatewayHarness.folder("config")
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent("paysh"), withIntermediateDirectories: true)
    try text.write(to: folder.appendingPathComponent("paysh/config.toml"), atomically: true, encoding: .utf8)
    return folder.path
  }

  @Test func aProfileChoosesGatewayHostAndTheVariablesHoldingSecrets() async throws {
    let probe = try await GatewayHarness()
    let base = probe.simulator.baseURL
    let home = try Self.configHome(
      """
      # support team profiles
      [profiles.sim-cf]
      gateway = "cashfree"
      environment = "sandbox"
      base_url = "\(base)/pg"   # the simulator stands in for sandbox here
      api_version = "2022-09-01"
      client_id = "TEST_SIM_CF_CLIENT_ID"
      client_secret_env = "SIM_CF_SECRET"
      """)
    let harness = try await GatewayHarness(environment: [
      "XDG_CONFIG_HOME": home, "SIM_CF_SECRET": "TEST_SIM_CF_CLIENT_SECRET",
    ])
    // The profile's host is the probe's simulator: fetches must go there.
    #expect(
      await harness.run("auth --profile sim-cf; fetch cf_sim_paid; auth show") == .ok, "\(harness.output.standardError)"
    )
    #expect(harness.shell.context.environment == "sandbox")
    #expect(try harness.last?.apiVersion == "2022-09-01")
    let out = harness.output.standardOutput
    #expect(out.contains("client_secret from profile \"sim-cf\" ($SIM_CF_SECRET)"))
    #expect(!harness.output.transcript.contains("TEST_SIM_CF_CLIENT_SECRET"))
    #expect(probe.requestCount("/pg/orders/cf_sim_paid") == 1)
  }

  @Test func aSecretWrittenIntoTheConfigIsRefused() async throws {
    let home = try Self.configHome(
      "[profiles.bad]\ngateway = \"cashfree\"\nclient_id = \"x\"\nclient_secret = \"plain-secret\"\n")
    let harness = try await GatewayHarness(environment: ["XDG_CONFIG_HOME": home])
    #expect(await harness.run("auth --profile bad") == .runtime)
    #expect(harness.output.standardError.contains("writes the secret client_secret into the config file"))
    #expect(!harness.output.transcript.contains("plain-secret"))
  }

  @Test func configMistakesPointAtTheirLine() async throws {
    let home = try Self.configHome("[profiles.x]\ngateway = cashfree\n")
    let harness = try await GatewayHarness(environment: ["XDG_CONFIG_HOME": home])
    #expect(await harness.run("auth --profile x") == .runtime)
    #expect(harness.output.standardError.contains("config.toml:2:"))
    #expect(harness.output.standardError.contains("unsupported value 'cashfree'"))
    #expect(await harness.run("auth --profile y") == .runtime)
  }

  @Test func curlWritesSecretsAsVariables() async throws {
    let harness = try await GatewayHarness()
    #expect(
      await harness.run(
        "use cashfree; fetch cf_sim_paid --summary; curl; use paytring; fetch 1111111111111111 --summary; curl; use enkash; fetch 12345 --summary; curl"
      ) == .ok)
    let out = harness.output.standardOutput
    #expect(out.contains("-H \"x-client-secret: $CASHFREE_CLIENT_SECRET\""))
    #expect(out.contains("sha512sum"))
    #expect(out.contains("-u \"$PAYTRING_KEY:$PAYTRING_SECRET\""))
    #expect(out.contains("ENKASH_TOKEN=$(curl"))
    #expect(out.contains("authorization: Bearer $ENKASH_TOKEN"))
  }

  @Test func noSecretReachesOutputOrSnapshots() async throws {
    let harness = try await GatewayHarness()
    let script = """
      use cashfree; auth; fetch cf_sim_paid; show --headers; curl
      use paytring; auth; fetch 1111111111111111; show --headers; curl
      use enkash; auth; fetch 12345; show --headers; curl; auth show
      """
    #expect(await harness.run(script) == .ok, "\(harness.output.standardError)")
    var secrets = [
      "TEST_SIM_CF_CLIENT_SECRET", "test_sim_secret", "sim-enkash-client-secret", "sim-enkash-password",
      "1234567890123456", "6543210987654321",
    ]
    secrets += harness.shell.services.tokens.values.map(\.value)
    let hash = PaytringHash.hash([("key", "test_sim_key"), ("id", "1111111111111111")], secret: "test_sim_secret")
    secrets.append(hash)
    var stored = ""
    for number in 1...(try harness.shell.services.snapshots.count()) {
      let snapshot = try #require(try harness.snapshot(number))
      stored += snapshot.bodyText + (snapshot.requestBody ?? "") + snapshot.url
      stored += (snapshot.requestHeaders + snapshot.responseHeaders).map { "\($0.name): \($0.value)" }.joined()
    }
    for secret in secrets {
      #expect(!harness.output.transcript.contains(secret), "\(secret.prefix(6))… shown")
      #expect(!stored.contains(secret), "\(secret.prefix(6))… stored")
    }
  }
}
