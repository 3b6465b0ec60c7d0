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

  /// Headers are read by a fast path for the pairs the stores write and by the general parser for anything
  /// else: both give the same headers for every text, well-formed, odd or broken.
  @Test(arguments: [
    #"[["x-a","1"],["x-b","\u20b9 \"q\""]]"#, " [ [ \"a\" , \"b\" ] ] ", "[]", "\u{FEFF}[]",
    #"[["a","b","c"]]"#, #"[["a"]]"#, #"[["a",1]]"#, #"[["a","b"],"x"]"#, #"[["a","b"]] x"#, #"[["a","b"],]"#,
    #"[["\ud800","b"]]"#, "[[\"a\",\"b\u{1}\"]]", #"{"a":"b"}"#, "", "[", #"[["a","b""#,
  ])
  func headersReadTheSameByBothPaths(_ text: String) {
    let general: [HTTPHeader] = {
      guard case .array(let pairs) = (try? JSONParser.parse(text)) ?? .null else { return [] }
      return pairs.compactMap { pair in
        guard let name = pair[0]?.stringValue, let value = pair[1]?.stringValue else { return nil }
        return HTTPHeader(name, value)
      }
    }()
    #expect(Snapshot.headers(text) == general)
  }

  @Test func theFastPathTakesOnlyPairsOfValidStrings() throws {
    let pairs = try #require(JSONParser.stringPairs(Array(#"[["x-a","1"],["b","\u00e9"]]"#.utf8)))
    #expect(pairs.map(\.0) == ["x-a", "b"] && pairs.map(\.1) == ["1", "é"])
    for text in [#"[["a","b","c"]]"#, #"[["\ud800","b"]]"#, "[[\"a\",\"b\u{1}\"]]", #"[["a","b"]]x"#] {
      #expect(JSONParser.stringPairs(Array(text.utf8)) == nil, "\(text)")
    }
    let invalidUTF8: [UInt8] = [0x5B, 0x5B, 0x22, 0xFF, 0x22, 0x2C, 0x22, 0x22, 0x5D, 0x5D]
    #expect(JSONParser.stringPairs(invalidUTF8) == nil, "invalid UTF-8")
  }
}
