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

  static func crafted(
    gateway: String = "other", method: String = "GET", url: String, headers: [HTTPHeader] = [], body: String? = nil
  ) -> Snapshot {
    Snapshot(
      number: 0, gateway: gateway, environment: "sandbox", apiVersion: "v", resource: "order", orderID: "x",
      method: method, url: url, requestHeaders: headers, requestBody: body, status: 200, responseHeaders: [],
      body: [], fetchedAt: "t", latencyMicroseconds: 1, retries: [], order: nil)
  }

  @Test func aCraftedSnapshotsURLIsQuotedAndNeverAnOption() async throws {
    let folder = try GatewayHarness.folder("curl-crafted")
    let harness = try await GatewayHarness()
    let url = "http://127.0.0.1:1/a'$(touch pwned2)\n`touch pwned3`\u{1B}]0;t\u{07} -o pwned4"
    _ = try harness.shell.services.snapshots.append(
      Self.crafted(gateway: "enkash", method: "POST", url: url, body: "@secretfile"), line: nil)
    #expect(await harness.run("curl") == .ok)
    let recipe = harness.output.standardOutput
    #expect(recipe.contains("--url ") && recipe.contains("--data-raw "), "\(recipe)")
    try "secret".write(to: folder.appendingPathComponent("secretfile"), atomically: true, encoding: .utf8)
    _ = try await Self.runInBash(recipe, in: folder)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["secretfile"], "\(recipe)")
    #expect(!recipe.contains("\u{1B}") && !recipe.contains("\u{07}"), "\(recipe.debugDescription)")
  }

  @Test(arguments: [
    ("-Kticket.paysh", "GET", "x-request-id"), ("file:///etc/passwd", "GET", "x-request-id"),
    ("http://127.0.0.1:1/", "GET$(id)", "x-request-id"), ("http://127.0.0.1:1/", "GET", "@/etc/passwd"),
  ])
  func aSnapshotNoClientWouldSendGetsNoRecipe(_ url: String, _ method: String, _ header: String) async throws {
    let harness = try await GatewayHarness()
    let snapshot = Self.crafted(gateway: "cashfree", method: method, url: url, headers: [HTTPHeader(header, "v")])
    _ = try harness.shell.services.snapshots.append(snapshot, line: nil)
    #expect(await harness.run("curl") == .runtime)
    #expect(harness.output.standardOutput.isEmpty)
    #expect(
      harness.output.standardError.contains("no curl recipe is written for it"), "\(harness.output.standardError)")
  }

  @Test func aRecipeToAHostTheGatewayDoesNotUseSaysSo() async throws {
    let harness = try await GatewayHarness()
    _ = try harness.shell.services.snapshots.append(
      Self.crafted(gateway: "cashfree", url: "https://evil.example/pg/orders/x"), line: nil)
    #expect(await harness.run("curl") == .ok)
    #expect(harness.output.standardOutput.hasPrefix("# warning: this sends your cashfree credentials to evil.example"))
    harness.output.clear()
    _ = try harness.shell.services.snapshots.append(
      Self.crafted(gateway: "cashfree", url: "https://sandbox.cashfree.com/pg/orders/x"), line: nil)
    #expect(await harness.run("curl") == .ok)
    #expect(!harness.output.standardOutput.contains("warning"))
  }
}
