import Foundation
import PayshCore
import Testing

/// Nothing secret reaches any file paysh writes: a session at the prompt that used the local credentials of
/// all three gateways and fetched the EnKash voucher order, then was saved, exported and exported as HAR.
@Suite("No secret in the store, exports, history or transcript", .serialized, .enabled(if: ChildProcess.binaryExists))
struct StoreSecretsTests {
  /// Every secret, token, hash, PIN and full card number the session handled.
  static let secrets: [String] = {
    var secrets = [
      "TEST_SIM_CF_CLIENT_SECRET", "test_sim_secret", "sim-enkash-client-secret", "sim-enkash-password",
      "1234567890123456", "6543210987654321", "\"1234\"", "\"5678\"",
      Base64.encode(Array("test_sim_key:test_sim_secret".utf8)),
      Base64.encode(Array("SIMENKASH01:sim-enkash-client-secret".utf8)),
      PaytringHash.hash([("key", "test_sim_key"), ("id", "1111111111111111")], secret: "test_sim_secret"),
    ]
    secrets.append(String(secrets[secrets.count - 1].prefix(32)))
    return secrets
  }()

  @Test func noSecretInAnyFile() throws {
    let folder = makeTemporaryFolder()
    defer { removeTree(folder) }
    _ = mkdir(folder + "/home", 0o700)
    let environment = [
      "TERM": "xterm", "NO_COLOR": "1", "XDG_STATE_HOME": folder + "/state", "HOME": folder + "/home",
      "PAYSH_STORE": folder + "/paysh.sqlite",
    ]
    let shell = try ChildProcess(environment: environment, terminal: true)
    defer { shell.finish() }
    #expect(shell.expect("paysh> "))
    let lines = [
      "use cashfree", "fetch cf_sim_paid", "use paytring", "fetch 1111111111111111", "use enkash", "auth",
      "fetch 12345", "show .paylod.voucherDetailsList", "show --headers", "curl", "save secrets",
      "export secrets \(folder)/secrets.paysh", "export secrets --har \(folder)/secrets.har", "history",
    ]
    for line in lines {
      shell.send(line + "\r")
      #expect(shell.expect("> ", within: 20), "\(line): \(shell.screen)")
    }
    shell.send("\u{4}")
    #expect(shell.waitForExit() == 0)
    let transcript = shell.raw
    #expect(transcript.contains("wrote \(folder)/secrets.har"), "\(shell.screen)")
    #expect(transcript.contains("voucher") || transcript.contains("cardNumber"), "the voucher order was shown")
    var files = ["paysh.sqlite", "secrets.paysh", "secrets.har"].map { folder + "/" + $0 }
    let state = folder + "/state/paysh"
    for name in (try? FileManager.default.contentsOfDirectory(atPath: state)) ?? [] { files.append(state + "/" + name) }
    #expect(files.count >= 4, "the history file was written: \(files)")
    var contents: [(String, String)] = [("transcript", transcript)]
    for file in files {
      let data = try Data(contentsOf: URL(fileURLWithPath: file))
      contents.append((file, String(decoding: data, as: UTF8.self)))
    }
    for (name, text) in contents {
      #expect(!text.isEmpty, "\(name) is empty")
      for secret in Self.secrets {
        #expect(!text.contains(secret), "\(secret) found in \(name)")
      }
      #expect(text.range(of: "Bearer [A-Za-z0-9_-]{20,}", options: .regularExpression) == nil, "a token in \(name)")
    }
  }
}
