import PayshJSON
import Testing

@testable import PayshCore

/// The texts a snapshot's row is written with are made straight into bytes: they must be the JSON the
/// readers expect, escapes and all, and read back to what was written.
@Suite("Snapshot storage texts")
struct StorageTextTests {
  @Test func anOrderIsWrittenAsCompactJSONAndReadBackWhole() throws {
    var order = try #require(StoreFixtures.snapshot().order)
    order.customer.name = "Asha \"A\" Verma\n\\ ₹"
    order.mapping.append(Order.FieldMapping("amount", from: ".order_amount", "1250.5 → ₹1250.50\t"))
    let text = order.storageText
    let json = try JSONParser.parse(text)
    #expect(
      json["amount"]
        == .object(JSONObject([.init("minor", .number(JSONNumber(125_050))), .init("currency", .string("INR"))])))
    #expect(json["updated_at"]?["assumed"] == .bool(true))
    #expect(json["created_at"]?["assumed"] == .bool(false))
    #expect(json["customer_name"]?.stringValue == "Asha \"A\" Verma\n\\ ₹")
    #expect(!text.contains(" :") && !text.contains("\n"), "compact: \(text)")
    #expect(Order(storage: text) == order)
  }

  @Test func anOrderWithOnlyItsRequiredFieldsHasNoOthers() throws {
    let order = Order(gateway: "enkash", environment: "local", status: .unknown, rawStatus: "")
    #expect(
      order.storageText
        == #"{"gateway":"enkash","environment":"local","status":"unknown","raw_status":"","mapping":[]}"#)
    #expect(Order(storage: order.storageText) == order)
  }

  @Test func headersAreWrittenAsPairsAndReadBack() {
    let headers = [HTTPHeader("x-a", "1"), HTTPHeader("x-quote", "say \"hi\"\u{1}"), HTTPHeader("x-empty", "")]
    let text = Snapshot.headersText(headers)
    #expect(text == #"[["x-a","1"],["x-quote","say \"hi\"\u0001"],["x-empty",""]]"#)
    #expect(Snapshot.headers(text) == headers)
    #expect(Snapshot.headersText([]) == "[]")
  }
}
