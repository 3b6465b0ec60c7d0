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

  var entries: [Entry] = []
  var skipped: [Skipped] = []
  /// The CSV column read (its header's text), nil for a plain list of ids.
  var column: String?

  /// The most lines named one by one; the rest are counted.
  static let namedSkips = 20

  /// Reads the ids of `bytes`. `column`: the CSV column asked for; `refuses`: paysh's own refusal of an id
  /// (control characters, over 256 bytes, a secret it holds), nil when the id may be sent.
  static func read(
    _ bytes: [UInt8], column: String?, refuses: (String) -> String? = PathEncoding.idProblem
  ) -> Result<IDList, Refusal> {
    var bytes = bytes
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    if let binary = binaryProblem(bytes) {
      return .failure(Refusal(message: binary, hint: "give a text file: one order id a line, or a CSV with a header"))
    }
    let text = String(decoding: bytes, as: UTF8.self)
    // A CSV when a column is asked for, or its first line has a comma or names an order id column; else a
    // plain list, read line by line with no quoting at all (a stray quote is part of its line's id).
    let firstLine = IDList.lines(text).first { !isBlank($0) }?.fields[0].trimmedID ?? ""
    let isCSV = column != nil || firstLine.contains(",") || IDList.namesOrderID(firstLine)
    let records = isCSV ? CSVRows.records(text) : IDList.lines(text)
    if let open = records.first(where: { $0.problem?.contains("never closed") == true }) {
      return .failure(
        Refusal(
          message: "line \(open.line): a quote opened there is never closed, so the rest of the file is one field",
          hint: "close the quote, or give the ids one a line without quotes"))
    }
    guard let first = records.first(where: { !isBlank($0) }) else {
      return .failure(Refusal(message: "it holds no order ids", hint: "one order id a line, or a CSV with a header"))
    }
    let header = first.fields.map(\.trimmedID)
    var list = IDList()
    var dataRecords = records
    var fieldIndex = 0
    if isCSV {
      switch IDList.pick(column, in: header) {
      case .failure(let refusal): return .failure(refusal)
      case .success(let index): fieldIndex = index
      }
      list.column = header[fieldIndex]
      dataRecords = Array(records.drop { $0.line <= first.line })
    }
    var seen: [String: Int] = [:]
    for record in dataRecords {
      if let problem = record.problem {
        list.skipped.append(Skipped(line: record.line, reason: problem))
        continue
      }
      if isBlank(record) {
        list.skipped.append(Skipped(line: record.line, reason: "empty line"))
        continue
      }
      if isCSV, record.fields.count != header.count {
        list.skipped.append(
          Skipped(
            line: record.line,
            reason: "a ragged row: \(Counted.text(record.fields.count, "field")), the header has \(header.count)"))
        continue
      }
      let id = record.fields[isCSV ? fieldIndex : 0].trimmedID
      if !isCSV, record.fields.count > 1 {
        list.skipped.append(Skipped(line: record.line, reason: "more than one field on a line of a plain list"))
        continue
      }
      if id.isEmpty {
        list.skipped.append(Skipped(line: record.line, reason: "no order id in column \(header[fieldIndex])"))
        continue
      }
      if let problem = refuses(id) {
        list.skipped.append(Skipped(line: record.line, reason: "invalid id: \(problem)"))
        continue
      }
      if let earlier = seen[id] {
        list.skipped.append(Skipped(line: record.line, reason: "a duplicate of line \(earlier), fetched once"))
        continue
      }
      seen[id] = record.line
      list.entries.append(Entry(line: record.line, id: id))
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

  /// A plain list's lines as one-field records (a CR before the LF dropped; split on the byte, as `\r\n`
  /// is one Character to Swift).
  static func lines(_ text: String) -> [CSVRows.Record] {
    var records: [CSVRows.Record] = []
    var number = 0
    for line in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
      number += 1
      records.append(CSVRows.Record(fields: [String(decoding: line, as: UTF8.self).trimmingCR], line: number))
    }
    if records.last?.fields == [""] { records.removeLast() }
    return records
  }

  static func isBlank(_ record: CSVRows.Record) -> Bool {
    record.problem == nil && record.fields.allSatisfy { $0.trimmedID.isEmpty }
  }

  /// Why `bytes` is not text: a NUL byte or bytes that are not UTF-8, with the line they are on.
  static func binaryProblem(_ bytes: [UInt8]) -> String? {
    var line = 1
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == 0 { return "it is not text (a NUL byte on line \(line)): a binary file?" }
      if byte == UInt8(ascii: "\n") { line += 1 }
      if byte < 0x80 {
        index += 1
        continue
      }
      let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC2 ? 2 : 0
      guard length > 0, index + length <= bytes.count,
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
