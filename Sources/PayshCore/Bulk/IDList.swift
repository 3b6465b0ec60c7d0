/// The order ids of `--from FILE`: one a line, or a CSV column (`--column NAME`, by default the first whose
/// name is or ends in `order_id`). Every line that gives no id to fetch is named with its number and why
/// (empty, a duplicate, an id paysh refuses, a ragged row); the rest are fetched.
struct IDList: Sendable, Hashable {
  /// An id to fetch and the line it was read from.
  struct Entry: Sendable, Hashable {
    var line: Int
    var id: String
  }

  /// A line that gives no id, and why.
  struct Skipped: Sendable, Hashable {
    var line: Int
    var reason: String
  }

  /// Why the file as a whole gives no ids: one line, with what to do.
  struct Refusal: Error, Sendable, Hashable {
    var message: String
    var hint: String
  }

  var entries = Entries()
  var skipped: [Skipped] = []
  /// The CSV column read (its header's text), nil for a plain list of ids.
  var column: String?

  /// The most lines named one by one; the rest are counted.
  static let namedSkips = 20

  /// Reads the ids of `bytes`. `column`: the CSV column asked for; `refuses`: paysh's own refusal of an id
  /// (control characters, over 256 bytes, a secret it holds), nil when the id may be sent.
  ///
  /// The file is read once, a line (or a CSV record) at a time, and only the ids are kept (`Entries`): no
  /// copy of the text, no record of every line, no second copy of the ids to find duplicates (`IDTable`).
  static func read(
    _ bytes: [UInt8], column: String?, refuses: (String) -> String? = PathEncoding.idProblem
  ) -> Result<IDList, Refusal> {
    let text = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
    if let binary = binaryProblem(text) {
      return .failure(Refusal(message: binary, hint: "give a text file: one order id a line, or a CSV with a header"))
    }
    // A CSV when a column is asked for, or its first line has a comma or names an order id column; else a
    // plain list, read line by line with no quoting at all (a stray quote is part of its line's id).
    var firstLine = ""
    eachLine(text) { line, _ in
      firstLine = String(decoding: line, as: UTF8.self).trimmedID
      return firstLine.isEmpty
    }
    var reader = Reader()
    if column != nil || firstLine.contains(",") || IDList.namesOrderID(firstLine) {
      if let refusal = reader.readCSV(text, column: column, refuses) { return .failure(refusal) }
    } else {
      eachLine(text) { line, number in
        let id = String(decoding: line, as: UTF8.self).trimmedID
        if id.isEmpty {
          reader.skip(number, "empty line")
        } else {
          reader.add(id, line: number, refuses)
        }
        return true
      }
    }
    let list = reader.list
    if !reader.sawText {
      return .failure(Refusal(message: "it holds no order ids", hint: "one order id a line, or a CSV with a header"))
    }
    if list.entries.isEmpty {
      return .failure(
        Refusal(
          message: "it holds no order id paysh can fetch (\(Counted.text(list.skipped.count, "line")) skipped)",
          hint: list.skipped.first.map { "line \($0.line): \($0.reason)" } ?? "one order id a line"))
    }
    return .success(list)
  }

  /// The column to read: the one named (exactly, or ignoring case), else the first whose name is or ends in
  /// `order_id`.
  static func pick(_ column: String?, in header: [String]) -> Result<Int, Refusal> {
    var names = header.prefix(20).map { "`\(TerminalText.inline($0))`" }.joined(separator: ", ")
    if header.count > 20 { names += " and \(header.count - 20) more" }
    if let column {
      if let index = header.firstIndex(of: column)
        ?? header.firstIndex(where: { $0.lowercased() == column.lowercased() })
      {
        return .success(index)
      }
      return .failure(
        Refusal(message: "the CSV has no column `\(TerminalText.inline(column))`", hint: "its columns: \(names)"))
    }
    if let index = header.firstIndex(where: namesOrderID) { return .success(index) }
    return .failure(
      Refusal(
        message: "the CSV has no column named or ending in order_id",
        hint: "choose one with --column NAME; its columns: \(names)"))
  }

  /// True for a header naming an order id column: `order_id`, `cf_order_id`, `Merchant Order_ID`.
  static func namesOrderID(_ name: String) -> Bool { name.lowercased().hasSuffix("order_id") }

  /// Calls `body` with each line of a plain list (its bytes, a CR before the LF dropped; split on the byte,
  /// as `\r\n` is one Character to Swift) and its number, until it returns false. What follows the last
  /// line break is a line unless it is empty.
  static func eachLine(_ text: ArraySlice<UInt8>, _ body: (ArraySlice<UInt8>, Int) -> Bool) {
    var start = text.startIndex
    var number = 0
    while start <= text.endIndex {
      let end = text[start...].firstIndex(of: UInt8(ascii: "\n")) ?? text.endIndex
      var line = text[start..<end]
      if line.last == 13 { line = line.dropLast() }
      number += 1
      if end == text.endIndex, line.isEmpty { return }
      if !body(line, number) { return }
      start = end + 1
    }
  }

  static func isBlank(_ record: CSVRows.Record) -> Bool {
    record.problem == nil && record.fields.allSatisfy { $0.trimmedID.isEmpty }
  }

  /// Why `bytes` is not text: a NUL byte or bytes that are not UTF-8, with the line they are on.
  static func binaryProblem(_ bytes: ArraySlice<UInt8>) -> String? {
    var line = 1
    var index = bytes.startIndex
    while index < bytes.endIndex {
      let byte = bytes[index]
      if byte == 0 { return "it is not text (a NUL byte on line \(line)): a binary file?" }
      if byte == UInt8(ascii: "\n") { line += 1 }
      if byte < 0x80 {
        index += 1
        continue
      }
      let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC2 ? 2 : 0
      guard length > 0, index + length <= bytes.endIndex,
        bytes[(index + 1)..<(index + length)].allSatisfy({ $0 & 0xC0 == 0x80 }),
        String(validating: bytes[index..<(index + length)], as: UTF8.self) != nil
      else { return "it is not UTF-8 text (line \(line)): a binary file?" }
      index += length
    }
    return nil
  }
}

extension String {
  /// The text without the spaces and tabs around it.
  var trimmedID: String { trimmingSpaces() }
  /// The text without a carriage return at its end.
  var trimmingCR: String { utf8.last == 13 ? String(decoding: utf8.dropLast(), as: UTF8.self) : self }
}
