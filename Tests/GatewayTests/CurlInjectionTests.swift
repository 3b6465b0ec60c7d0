import Foundation
import PayshCore
import PayshSimulator
import Testing

/// The recipes `curl` prints, run in bash with hostile ids: nothing in an id runs, and the request the
/// recipe sends gets the answer paysh got (the same path, body and Paytring hash).
@Suite("curl recipes cannot be escaped")
struct CurlInjectionTests {
  /// Ids that would run `touch` if any quoting broke: quotes, `$(…)`, backticks, backslashes, `!`.
  static let hostileIDs = [
    "r'$(touch pwned1)", "r\"$(touch pwned2)\"", "`touch pwned3`", "x\\'$(touch pwned4)\\", "a!b;touch pwned5 #",
  ]

  /// Runs `recipe` in bash in `folder` with the simulator's credentials in the environment; its stdout.
  /// Waits on a thread of its own: the simulator answering the recipe needs the cooperative pool.
  static func runInBash(_ recipe: String, in folder: URL) async throws -> String {
    try await withCheckedThrowingContinuation { continuation in
      Thread.detachNewThread {
        continuation.resume(with: Result { try blockingRun(recipe, in: folder) })
      }
    }
  }

  /// posix_spawn, stdout to a file: Foundation's Process and Pipe juggle descriptors that the simulator's
  /// sockets in this same process may be reusing.
  static func blockingRun(_ recipe: String, in folder: URL) throws -> String {
    let local = Simulator.credentials
    let environment = [
      "PATH=/usr/bin:/bin", "CASHFREE_CLIENT_ID=\(local.cashfree.clientID)",
      "CASHFREE_CLIENT_SECRET=\(local.cashfree.clientSecret)", "PAYTRING_KEY=\(local.paytring.key)",
      "PAYTRING_SECRET=\(local.paytring.secret)", "ENKASH_CLIENT_ID=\(local.enkash.clientID)",
      "ENKASH_CLIENT_SECRET=\(local.enkash.clientSecret)", "ENKASH_USERNAME=\(local.enkash.username)",
      "ENKASH_PASSWORD=\(local.enkash.password)",
    ]
    let output = folder.deletingLastPathComponent().appendingPathComponent("out-\(UUID().uuidString)").path
    defer { unlink(output) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    let arguments = ["/bin/bash", "-c", "cd \"$1\" || exit 99; eval \"$2\"", "bash", folder.path, recipe]
    var argv = arguments.map { strdup($0) } + [nil]
    var envp = environment.map { strdup($0) } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    var pid: pid_t = 0
    guard posix_spawn(&pid, "/bin/bash", &actions, nil, &argv, &envp) == 0 else {
      throw CocoaError(.executableLoad)
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0, errno == EINTR {}
    return try String(contentsOfFile: output, encoding: .utf8)
  }

  /// `id` as a `.ops` double-quoted word.
  static func opsWord(_ id: String) -> String {
    "\""
      + id.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
      .replacingOccurrences(of: "$", with: "\\$") + "\""
  }

  @Test(arguments: ["cashfree", "paytring", "paytring --receipt", "enkash"])
  func aHostileIdRunsNothingAndTheRecipeRepeatsTheRequest(_ fetchForm: String) async throws {
    let harness = try await GatewayHarness()
    let folder = try GatewayHarness.folder("curl")
    let words = fetchForm.split(separator: " ")
    for id in Self.hostileIDs {
      harness.output.clear()
      let fetch =
        words.count == 2 ? "fetch \(words[1]) \(Self.opsWord(id))" : "fetch \(Self.opsWord(id))"
      #expect(
        await harness.run("use \(words[0]); \(fetch) --allow-error --summary") == .ok,
        "\(harness.output.standardError)")
      let snapshot = try #require(try harness.last)
      harness.output.clear()
      #expect(await harness.run("curl") == .ok)
      let recipe = harness.output.standardOutput
      let answer = try await Self.runInBash(recipe, in: folder)
      let made = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      #expect(made.isEmpty, "\(fetchForm) \(id): the recipe ran \(made)\n\(recipe)")
      #expect(answer == snapshot.bodyText, "\(fetchForm) \(id):\n\(recipe)\n\(answer)")
    }
  }

  @Test func aCraftedSnapshotsURLHeadersAndMethodAreQuotedToo() async throws {
    let folder = try GatewayHarness.folder("curl-crafted")
    let harness = try await GatewayHarness()
    let crafted = Snapshot(
      number: 0, gateway: "other", environment: "local", apiVersion: "v", resource: "order", orderID: "x",
      method: "GET$(touch pwned1)", url: "http://127.0.0.1:1/a'$(touch pwned2)\n`touch pwned3`\u{1B}]0;t\u{07}",
      requestHeaders: [], requestBody: nil, status: 200, responseHeaders: [], body: [], fetchedAt: "t",
      latencyMicroseconds: 1, retries: [], order: nil)
    _ = try harness.shell.services.snapshots.append(crafted, line: nil)
    #expect(await harness.run("curl") == .ok)
    let recipe = harness.output.standardOutput
    _ = try await Self.runInBash(recipe, in: folder)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "\(recipe)")
    #expect(!recipe.contains("\u{1B}") && !recipe.contains("\u{07}"), "\(recipe.debugDescription)")
  }
}
