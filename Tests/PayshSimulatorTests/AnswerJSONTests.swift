import Foundation
import PayshJSON
import PayshSimulator
import Testing

/// The simulator reads and writes PayshJSON's value, as paysh does: parsing, printing, order and number
/// text preserved.
@Suite struct AnswerJSONTests {
  @Test func keepsMemberOrderAndNumberText() throws {
    let text = #"{"b":1,"a":22,"c":100.81,"d":5000.00,"e":-0.5e3,"f":[true,false,null],"g":"x"}"#
    let value = try JSONParser.parse(text)
    #expect(value.keys == ["b", "a", "c", "d", "e", "f", "g"])
    #expect(value["d"] == .number(text: "5000.00"))
    #expect(value.compactText == text)
  }

  @Test func escapesRoundTrip() throws {
    let value = JSONValue.obj(["s": .string("quote \" backslash \\ newline \n tab \t bell \u{7} café ₹ 😀")])
    let text = value.compactText
    #expect(text.contains(#"\u0007"#))
    #expect(JSONValue.string("\u{8}\u{C}\n\r\t\u{1F}").compactText == #""\b\f\n\r\t\u001f""#, "RFC 8259's short forms")
    #expect(try JSONParser.parse(text) == value)
    #expect(try JSONParser.parse(#""\ud83d\ude00 \u20b9""#) == .string("😀 ₹"))
  }

  @Test(arguments: [
    "", "{", "[1,]", #"{"a" 1}"#, "01x", "tru", #""unterminated"#, "[1] 2", "1.", #"{"a":1,}"#, "\"\u{1}\"",
  ])
  func rejectsInvalidJSON(text: String) {
    #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
  }

  @Test func rejectsDeepNesting() {
    let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
    #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
  }

  @Test func amountsHaveAtMostTwoDecimals() {
    #expect(JSONValue.amount(22) == .number(text: "22"))
    #expect(JSONValue.amount(1250.5) == .number(text: "1250.5"))
    #expect(JSONValue.amount(100.81) == .number(text: "100.81"))
    #expect(JSONValue.amount(10.05) == .number(text: "10.05"))
    #expect(JSONValue.amount(0.004) == .number(text: "0"))
    #expect(JSONValue.amount(-2.5) == .number(text: "-2.5"))
  }

  @Test func mergeAndInsertKeepPositions() {
    var value = JSONValue.obj(["a": 1, "b": .obj(["x": 1, "y": 2]), "c": 3])
    value.merge(.obj(["b": .obj(["y": 20, "z": 30]), "d": 4]))
    #expect(value.compactText == #"{"a":1,"b":{"x":1,"y":20,"z":30},"c":3,"d":4}"#)
    value.insert("a2", "new", after: "a")
    #expect(value.keys == ["a", "a2", "b", "c", "d"])
    value["a2"] = nil
    #expect(value.keys == ["a", "b", "c", "d"])
  }

  @Test func prettyTextParsesBack() throws {
    let value = try JSONParser.parse(SeedExamples.enkashOrderDetails)
    #expect(try JSONParser.parse(value.prettyText()) == value)
    #expect(value.prettyText().contains("\n  \"response_code\": \"0\""))
  }

  @Test func manualClockMovesOnlyWhenTold() {
    let clock = SimulatorClock.manual(start: Date(timeIntervalSince1970: 1_000))
    #expect(clock.isManual)
    #expect(clock.now == Date(timeIntervalSince1970: 1_000))
    clock.advance(by: 30)
    #expect(clock.now == Date(timeIntervalSince1970: 1_030))
    let system = SimulatorClock.system
    system.advance(by: 1_000_000)
    #expect(abs(system.now.timeIntervalSinceNow) < 5)
  }
}

/// Amounts in exact minor units: read from their decimal text, written as the other amounts are.
@Suite struct PaiseTests {
  @Test func amountsReadAsPaiseExactly() {
    #expect(JSONValue.number(text: "1250.5").paiseValue == 125_050)
    #expect(JSONValue.number(text: "22").paiseValue == 2200)
    #expect(JSONValue.number(text: "100.81").paiseValue == 10_081)
    #expect(JSONValue.number(text: "0.105").paiseValue == 11, "a third decimal rounds half up")
    #expect(JSONValue.string("976.40").paiseValue == 97_640)
    #expect(JSONValue.number(text: "-3.6").paiseValue == -360)
    #expect(JSONValue.number(text: "1e3").paiseValue == nil)
    #expect(JSONValue.string("12.").paiseValue == nil)
    #expect(JSONValue.paise(97_640) == .number(text: "976.4"))
    #expect(JSONValue.paise(2000) == .number(text: "20"))
    #expect(JSONValue.paise(5) == .number(text: "0.05"))
  }

  @Test func settlementsAreExactInPaise() async throws {
    try await SimHarness.with { sim in
      let settlement = try await sim.cashfree("/orders/cf_sim_paid/settlements").json()
      #expect(settlement["order_amount"] == .number(text: "1250.5"))
      #expect(settlement["service_charge"] == .number(text: "25.01"))
      #expect(settlement["service_tax"] == .number(text: "4.5"), "18% of 25.01 is 4.5018")
      #expect(settlement["settlement_amount"] == .number(text: "1220.99"))
      #expect(try await sim.cashfreeCreate(CashfreeTests.createBody(id: "order_paise_1")).status == 200)
      let made = try await sim.admin("/orders/cashfree/order_paise_1/settlement", .obj([:]))
      #expect(try made.json()["settlement"]?["service_charge"] == .number(text: "0.21"), "2% of 10.34 is 0.2068")
      #expect(try made.json()["settlement"]?["service_tax"] == .number(text: "0.04"), "18% of 0.21 is 0.0378")
      #expect(try made.json()["settlement"]?["settlement_amount"] == .number(text: "10.09"))
    }
  }
}
