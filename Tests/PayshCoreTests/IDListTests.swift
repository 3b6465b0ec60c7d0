import Testing

@testable import PayshCore

@Suite("Ids read from --from FILE")
struct IDListTests {
  func read(_ text: String, column: String? = nil) -> Result<IDList, IDList.Refusal> {
    IDList.read(Array(text.utf8), column: column)
  }

  func list(_ text: String, column: String? = nil) throws -> IDList {
    try read(text, column: column).get()
  }

  @Test func aPlainListNamesEveryLineItSkips() throws {
    let long = String(repeating: "x", count: 257)
    let text = "order_1\r\n\n  order_2  \norder_1\nbad\u{1B}[31m\n\(long)\norder_3"
    let ids = try list(text)
    #expect(ids.column == nil)
    #expect(
      ids.entries == [.init(line: 1, id: "order_1"), .init(line: 3, id: "order_2"), .init(line: 7, id: "order_3")])
    #expect(ids.skipped.map(\.line) == [2, 4, 5, 6])
    #expect(ids.skipped[0].reason == "empty line")
    #expect(ids.skipped[1].reason == "a duplicate of line 1, fetched once")
    #expect(ids.skipped[2].reason.contains("control characters"))
    #expect(ids.skipped[3].reason.contains("257 bytes"))
  }

  @Test func aTrailingNewlineIsNoEmptyLine() throws {
    let ids = try list("a\nb\n")
    #expect(ids.entries.map(\.id) == ["a", "b"])
    #expect(ids.skipped.isEmpty)
  }

  @Test func aCSVIsReadByTheColumnEndingInOrderID() throws {
    let text = "merchant,cf_order_id,amount\nm1,order_9,10.00\n\"m, two\",\"order_8\",\"1,000.00\"\n"
    let ids = try list(text)
    #expect(ids.column == "cf_order_id")
    #expect(ids.entries == [.init(line: 2, id: "order_9"), .init(line: 3, id: "order_8")])
  }

  @Test func aColumnIsChosenByName() throws {
    let ids = try list("id,ref\n1,r_1\n2,r_2\n", column: "REF")
    #expect(ids.entries.map(\.id) == ["r_1", "r_2"])
  }

  @Test func aCSVWithoutTheColumnIsRefusedNamingItsColumns() {
    guard case .failure(let refusal) = read("id,ref\n1,r_1\n") else {
      Issue.record("read a CSV with no order_id column")
      return
    }
    #expect(refusal.message == "the CSV has no column named or ending in order_id")
    #expect(refusal.hint.contains("`id`, `ref`"))
    guard case .failure(let named) = read("id,ref\n1,r_1\n", column: "order") else {
      Issue.record("read a column that is not there")
      return
    }
    #expect(named.message == "the CSV has no column `order`")
  }

  @Test func aRaggedRowAndAnUnclosedQuoteAreNamedWithTheirLines() throws {
    let text = "order_id,note\no1,\"two\nlines\"\no2\no3,x,y\no4,ok\n"
    let ids = try list(text)
    #expect(ids.entries == [.init(line: 2, id: "o1"), .init(line: 6, id: "o4")])
    #expect(ids.skipped.map(\.line) == [4, 5])
    #expect(ids.skipped[0].reason == "a ragged row: 1 field, the header has 2")
    #expect(ids.skipped[1].reason == "a ragged row: 3 fields, the header has 2")
    // A quote never closed would make the rest of the file one field: the file is refused, not cut short.
    guard case .failure(let refusal) = read("order_id,note\no1,x\no2,\"never closed\no3,y\n") else {
      Issue.record("read a CSV whose quote is never closed")
      return
    }
    #expect(refusal.message.hasPrefix("line 3: a quote opened there is never closed"), "\(refusal.message)")
  }

  @Test func aQuoteInAPlainListIsPartOfItsLine() throws {
    let ids = try list("o1\n\"o2\no3\n")
    #expect(ids.entries.map(\.id) == ["o1", "\"o2", "o3"], "a stray quote loses no line after it")
  }

  @Test func aHeaderAloneOnItsLineIsAHeader() throws {
    let ids = try list("\u{FEFF}order_id\no1\n")
    #expect(ids.column == "order_id")
    #expect(ids.entries.map(\.id) == ["o1"])
  }

  @Test func aBinaryFileIsRefusedWithTheLine() {
    guard case .failure(let refusal) = IDList.read([0x6F, 0x0A, 0x89, 0x50, 0x4E, 0x47, 0x00], column: nil) else {
      Issue.record("read a binary file")
      return
    }
    #expect(refusal.message.contains("not UTF-8 text (line 2)"))
    guard case .failure(let nul) = IDList.read([0x6F, 0x00], column: nil) else {
      Issue.record("read a NUL")
      return
    }
    #expect(nul.message.contains("NUL byte on line 1"))
  }

  @Test func aFileWithNothingToFetchIsRefused() {
    guard case .failure(let empty) = read("\n\n") else {
      Issue.record("read an empty file")
      return
    }
    #expect(empty.message == "it holds no order ids")
    guard case .failure(let none) = read("a\u{7}\n") else {
      Issue.record("read a file of refused ids")
      return
    }
    #expect(none.message.contains("no order id paysh can fetch"))
    #expect(none.hint.hasPrefix("line 1: invalid id"))
  }

  @Test func aDuplicateIsFoundAsSwiftComparesIDs() throws {
    // The same text in two Unicode forms (é as one scalar, then as e and a combining accent).
    let ids = try list("caf\u{E9}\ncafe\u{301}\ncafe\n")
    #expect(ids.entries == [.init(line: 1, id: "caf\u{E9}"), .init(line: 3, id: "cafe")])
    #expect(ids.skipped == [.init(line: 2, reason: "a duplicate of line 1, fetched once")])
  }

  @Test func manyIDsKeepTheirOrderLinesAndDuplicates() throws {
    // Enough ids to grow the duplicate table many times; every fifth line repeats an earlier id.
    let lines = (1...5_000).map { $0 % 5 == 0 ? "order_\($0 / 7)" : "order_\($0)" }
    let ids = try list(lines.joined(separator: "\n"))
    var first: [String: Int] = [:]
    var expected: [IDList.Entry] = []
    var duplicates: [IDList.Skipped] = []
    for (index, id) in lines.enumerated() {
      if let earlier = first[id] {
        duplicates.append(.init(line: index + 1, reason: "a duplicate of line \(earlier), fetched once"))
      } else {
        first[id] = index + 1
        expected.append(.init(line: index + 1, id: id))
      }
    }
    #expect(Array(ids.entries) == expected)
    #expect(ids.skipped == duplicates)
    #expect(ids.entries.id(at: 2) == expected[2].id && ids.entries.line(at: 2) == expected[2].line)
  }

  @Test func aCarriageReturnEndsALineAndALastEmptyLineIsNone() throws {
    let ids = try list("a\r\n\r\nb\r\n\r")
    #expect(ids.entries == [.init(line: 1, id: "a"), .init(line: 3, id: "b")])
    #expect(ids.skipped == [.init(line: 2, reason: "empty line")])
  }

  @Test func anUnclosedQuoteIsSaidBeforeAMissingColumn() {
    guard case .failure(let refusal) = read("id,ref\n1,\"r_1\n2,r_2\n") else {
      Issue.record("read a CSV whose quote is never closed")
      return
    }
    #expect(refusal.message.hasPrefix("line 2: a quote opened there is never closed"), "\(refusal.message)")
  }
}
