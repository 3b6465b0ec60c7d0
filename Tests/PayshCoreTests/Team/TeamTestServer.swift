import Foundation
import PostgresNIO

@testable import PayshCore

/// The PostgreSQL test cluster scripts/test starts (scripts/team-db in a scratch folder): its URL for role
/// paysh (`PAYSH_TEST_PG_URL`), the password (`PAYSH_TEST_PG_PASSWORD`) and the URL for role paysh_tls, which
/// the server lets in only over TLS (`PAYSH_TEST_PG_TLS_URL`: verify-full with the cluster's CA). The live
/// tests run only when `PAYSH_TEST_PG_URL` is set.
enum TeamTestServer {
  static let environment = ProcessInfo.processInfo.environment
  static var available: Bool { environment["PAYSH_TEST_PG_URL"]?.isEmpty == false }
  static var password: TeamSecret? { environment["PAYSH_TEST_PG_PASSWORD"].map(TeamSecret.init) }

  static func url() throws -> PostgresStoreURL {
    try PostgresStoreURL(parsing: environment["PAYSH_TEST_PG_URL"] ?? "", origin: "PAYSH_TEST_PG_URL")
  }

  static func tlsURL() throws -> PostgresStoreURL {
    try PostgresStoreURL(parsing: environment["PAYSH_TEST_PG_TLS_URL"] ?? "", origin: "PAYSH_TEST_PG_TLS_URL")
  }

  /// A database for `url` with the test password (or `password`) and `timeout`.
  static func database(
    _ url: PostgresStoreURL? = nil, password: TeamSecret? = TeamTestServer.password, timeout: Duration? = nil
  ) throws -> TeamDatabase {
    try TeamDatabase(
      url: url ?? self.url(), password: password, passwordSource: "PAYSH_TEST_PG_PASSWORD", timeout: timeout)
  }

  /// The repository's root, found from this file's place (Tests/PayshCoreTests/Team/).
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().path

  /// Runs `program` with `arguments` and `environment` added; its standard output, trimmed, and status.
  /// Waits without holding a thread of the cooperative pool, which the other tests share.
  @discardableResult
  static func run(
    _ program: String, _ arguments: [String], environment: [String: String] = [:]
  ) async throws -> (
    output: String, status: Int32
  ) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    process.environment = self.environment.merging(environment) { $1 }
    // A file, not a pipe: a server the program starts could hold a pipe open, and reading it would never end.
    let outputPath = NSTemporaryDirectory() + "paysh-team-run-\(UUID().uuidString)"
    guard FileManager.default.createFile(atPath: outputPath, contents: nil),
      let output = FileHandle(forWritingAtPath: outputPath)
    else { throw TeamScratch.ScratchError() }
    defer { try? FileManager.default.removeItem(atPath: outputPath) }
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try await withCheckedThrowingContinuation { (ended: CheckedContinuation<Void, any Error>) in
      process.terminationHandler = { _ in ended.resume() }
      do { try process.run() } catch { ended.resume(throwing: error) }
    }
    try output.close()
    let data = FileManager.default.contents(atPath: outputPath) ?? Data()
    let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    return (text, process.terminationStatus)
  }

  /// A CA certificate that signed nothing the test server sends: verify-full with it must fail.
  static func strangerCA(in folder: String) async throws -> String {
    let path = folder + "/stranger-ca.crt"
    try await run(
      "/usr/bin/openssl",
      [
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
        "-subj", "/CN=stranger", "-keyout", folder + "/stranger-ca.key", "-out", path,
      ])
    return path
  }

  /// Seconds since `start`.
  static func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
  }
}

extension PostgresStoreURL {
  /// This URL with other parts.
  func with(
    user: String? = nil, port: Int? = nil, database: String? = nil, sslMode: SSLMode? = nil,
    sslRootCert: String?? = nil
  ) -> PostgresStoreURL {
    var copy = self
    if let user { copy.user = user }
    if let port { copy.port = port }
    if let database { copy.database = database }
    if let sslMode { copy.sslMode = sslMode }
    if let sslRootCert { copy.sslRootCert = sslRootCert }
    return copy
  }
}
