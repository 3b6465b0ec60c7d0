import Foundation
import PayshSimulator
import Testing

/// The ordered JSON value: parsing, printing, order and number text preserved.
@Suite struct SimJSONTests {
  @Test func keepsMemberOrderAndNumberText() throws {
    let text = #"{"b":1,"a":22,"c":100.81,"d":5000.00,"e":-0.5e3,"f":[true,false,null],"g":"x"}"#
    let value = try SimJSON.parse(text)
    #expect(value.keys == ["b", "a", "c", "d", "e", "f", "g"])
    #expect(value["d"] == .number("5000.00"))
    #expect(value.compactText == text)
  }

  @Test func escapesRoundTrip() throws {
    let value = SimJSON.obj(["s": .string("quote \" backslash \\ newline \n tab \t bell \u{7} café ₹ 😀")])
    let text = value.compactText
    #expect(text.contains(#"\u0007"#))
    #expect(try SimJSON.parse(text) == value)
    #expect(try SimJSON.parse(#""\ud83d\ude00 \u20b9""#) == .string("😀 ₹"))
  }

  @Test(arguments: [
    "", "{", "[1,]", #"{"a" 1}"#, "01x", "tru", #""unterminated"#, "[1] 2", "1.", #"{"a":1,}"#, "\"\u{1}\"",
  ])
  func rejectsInvalidJSON(text: String) {
    #expect(throws: SimJSONError.self) { try SimJSON.parse(text) }
  }

  @Test func rejectsDeepNesting() {
    let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
    #expect(throws: SimJSONError.self) { try SimJSON.parse(deep) }
  }

  @Test func amountsHaveAtMostTwoDecimals() {
    #expect(SimJSON.amount(22) == .number("22"))
    #expect(SimJSON.amount(1250.5) == .number("1250.5"))
    #expect(SimJSON.amount(100.81) == .number("100.81"))
    #expect(SimJSON.amount(10.05) == .number("10.05"))
    #expect(SimJSON.amount(0.004) == .number("0"))
    #expect(SimJSON.amount(-2.5) == .number("-2.5"))
  }

  @Test func mergeAndInsertKeepPositions() {
    var value = SimJSON.obj(["a": 1, "b": .obj(["x": 1, "y": 2]), "c": 3])
    value.merge(.obj(["b": .obj(["y": 20, "z": 30]), "d": 4]))
    #expect(value.compactText == #"{"a":1,"b":{"x":1,"y":20,"z":30},"c":3,"d":4}"#)
    value.insert("a2", "new", after: "a")
    #expect(value.keys == ["a", "a2", "b", "c", "d"])
    value["a2"] = nil
    #expect(value.keys == ["a", "b", "c", "d"])
  }

  @Test func prettyTextParsesBack() throws {
    let value = try SimJSON.parse(SeedExamples.enkashOrderDetails)
    #expect(try SimJSON.parse(value.prettyText) == value)
    #expect(value.prettyText.contains("\n  \"response_code\": \"0\""))
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
