import Foundation
import PayshJSON
import PayshSimulator
import Testing

/// The simulator's Cashfree answers validate against Cashfree's own OpenAPI specs
/// (2022-09-01 yaml for 2022-09-01 answers, 2025-01-01 json for 2025-01-01 answers), via
/// scripts/validate_openapi.py and `jsonschema`.
@Suite struct OpenAPIValidationTests {
  static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// Runs the validator with `arguments` and `input` on stdin; returns its exit status and stderr. It runs
  /// without `CASHFREE_SPEC_DIR`: the specs it needs are in the repository (docs/specs).
  static func runValidator(_ arguments: [String], input: [UInt8], root: URL = repoRoot) throws -> (Int32, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", root.appendingPathComponent("scripts/validate_openapi.py").path] + arguments
    process.environment = ProcessInfo.processInfo.environment.filter { $0.key != "CASHFREE_SPEC_DIR" }
    let stdin = Pipe()
    let errors = Pipe()
    process.standardInput = stdin
    process.standardOutput = FileHandle.nullDevice
    process.standardError = errors
    try process.run()
    stdin.fileHandleForWriting.write(Data(input))
    try stdin.fileHandleForWriting.close()
    let message = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: message, as: UTF8.self))
  }

  /// Validates one document against one schema.
  static func validate(_ body: [UInt8], version: String, schema: String, array: Bool) throws -> (Int32, String) {
    try runValidator([version, schema] + (array ? ["--array"] : []), input: body)
  }

  /// Every built-in Cashfree fixture, the anomalies included.
  static let orders = Simulator.builtinOrderIDs(gateway: "cashfree")

  @Test(arguments: ["2022-09-01", "2025-01-01"])
  func everyCashfreeFixtureValidates(version: String) async throws {
    try await SimHarness.with { sim in
      var batch: [JSONValue] = []
      for order in Self.orders {
        let routes: [(String, String, Bool)] = [
          ("", "OrderEntity", false), ("/payments", "PaymentEntity", true), ("/refunds", "RefundEntity", true),
          ("/settlements", "SettlementEntity", false),
        ]
        for (suffix, schema, array) in routes {
          let reply = try await sim.cashfree("/orders/\(order)\(suffix)", version: version)
          if suffix == "/settlements" && reply.status == 404 { continue }
          #expect(reply.status == 200)
          batch.append(
            .obj([
              "name": .string("\(order)\(suffix)"), "schema": .string(schema), "array": .bool(array),
              "document": try reply.json(),
            ]))
        }
      }
      #expect(batch.count >= 30)
      let (status, errors) = try Self.runValidator([version, "--batch"], input: JSONValue.array(batch).compactBytes)
      #expect(status == 0, "\(errors)")
    }
  }

  @Test(arguments: ["2022-09-01", "2025-01-01"])
  func createdOrdersValidate(version: String) async throws {
    try await SimHarness.with { sim in
      let reply = try await sim.cashfreeCreate(
        CashfreeTests.createBody(id: "order_validate_\(version.prefix(4))"), version: version)
      #expect(reply.status == 200)
      let (status, errors) = try Self.validate(reply.body, version: version, schema: "OrderEntity", array: false)
      #expect(status == 0, "\(errors)")
    }
  }

  @Test func theValidatorTellsTheVersionsApart() async throws {
    try await SimHarness.with { sim in
      let modern = try await sim.cashfree("/orders/cf_sim_paid", version: "2025-01-01")
      let (status, errors) = try Self.validate(modern.body, version: "2022-09-01", schema: "OrderEntity", array: false)
      #expect(status == 1)
      #expect(errors.contains("cf_order_id"))
      let legacy = try await sim.cashfree("/orders/cf_sim_paid", version: "2022-09-01")
      let (legacyStatus, _) = try Self.validate(legacy.body, version: "2025-01-01", schema: "OrderEntity", array: false)
      #expect(legacyStatus == 1)
    }
  }

  /// On a machine holding only the repository: the validator, copied with the repository's docs/specs into a
  /// folder with nothing beside it, still finds its specs.
  @Test func theValidatorNeedsNothingOutsideTheRepository() throws {
    let manager = FileManager.default
    let root = manager.temporaryDirectory.appendingPathComponent("paysh-fresh-\(UUID().uuidString)/repo")
    defer { try? manager.removeItem(at: root.deletingLastPathComponent()) }
    try manager.createDirectory(at: root.appendingPathComponent("scripts"), withIntermediateDirectories: true)
    try manager.createDirectory(at: root.appendingPathComponent("docs"), withIntermediateDirectories: true)
    try manager.copyItem(
      at: Self.repoRoot.appendingPathComponent("scripts/validate_openapi.py"),
      to: root.appendingPathComponent("scripts/validate_openapi.py"))
    try manager.copyItem(
      at: Self.repoRoot.appendingPathComponent("docs/specs"), to: root.appendingPathComponent("docs/specs"))
    let document = Array(#"{"order_id": 7}"#.utf8)
    for version in ["2022-09-01", "2025-01-01"] {
      let (status, errors) = try Self.runValidator(
        [version, "OrderEntity"], input: document, root: root)
      #expect(status == 1, "the document is checked (and is invalid), not refused for want of a spec: \(errors)")
      #expect(errors.contains("order_id: 7 is not of type 'string'"), "\(errors)")
    }
  }
}
