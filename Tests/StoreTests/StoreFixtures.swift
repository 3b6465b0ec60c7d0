import Foundation

@testable import PayshCore

/// Temporary folders and made-up snapshots for the store tests.
enum StoreFixtures {
  /// A new empty folder under the system temporary folder.
  static func folder() -> String {
    let path = NSTemporaryDirectory() + "paysh-store-" + UUID().uuidString
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  /// A store file path in a new folder (the file does not exist yet).
  static func storePath() -> String { folder() + "/paysh.sqlite" }

  /// A Cashfree order snapshot; `body` defaults to a small JSON answer with `status`.
  static func snapshot(
    order: String = "order_1", status: String = "PAID", amount: Int = 125_050, body: [UInt8]? = nil,
    fetchedAt: String = "2026-01-02T03:04:05.678Z"
  ) -> Snapshot {
    let text = "{\"order_id\":\"\(order)\",\"order_status\":\"\(status)\",\"order_amount\":1250.50}"
    let normalized = Order(
      gateway: "cashfree", environment: "local", merchantOrderID: order, gatewayOrderID: "5000000102",
      amount: Money(minorUnits: amount, currency: "INR"), paidAmount: Money(minorUnits: amount, currency: "INR"),
      status: status == "PAID" ? .paid : .open, rawStatus: status,
      createdAt: Timestamp(iso8601: "2025-01-15T10:05:00+05:30"),
      updatedAt: Timestamp(iso8601: "2025-01-15 10:20:30+05:30", assumedZone: true),
      customer: Order.Customer(id: "c1", name: "Asha", email: "a@example.com", phone: "98"),
      mapping: [Order.FieldMapping("status", from: ".order_status", "PAID → paid")])
    return Snapshot(
      number: 0, gateway: "cashfree", environment: "local", apiVersion: "2025-01-01", resource: "order", orderID: order,
      method: "GET", url: "http://127.0.0.1:1/pg/orders/\(order)?x=1&y",
      requestHeaders: [HTTPHeader("x-client-id", "id"), HTTPHeader("x-client-secret", "[redacted]")],
      requestBody: nil, status: 200, responseHeaders: [HTTPHeader("Content-Type", "application/json")],
      body: body ?? Array(text.utf8), fetchedAt: fetchedAt, latencyMicroseconds: 12_345,
      retries: ["HTTP 429, waited 1000 ms as the gateway asked"], order: normalized)
  }

  /// Runs `text` as a script on a shell whose snapshots go to the store at `path`.
  static func run(
    _ text: String, store path: String, readOnly: Bool = false, author: String? = nil
  ) async -> (ExitStatus, BufferedOutput) {
    let output = BufferedOutput()
    let shell = Interpreter(output: output)
    shell.services.snapshots = StoredSnapshotLog(path: path, readOnly: readOnly, author: author)
    let status = await shell.run(SourceFile(name: "t.ops", text: text), mode: .script)
    return (status, output)
  }
}
