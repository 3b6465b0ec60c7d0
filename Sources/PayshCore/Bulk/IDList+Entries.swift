extension IDList {
  /// The ids to fetch, in the file's order, packed: their UTF-8 one after another in one buffer, where each
  /// ends, and the line each came from. An id costs its bytes and 16 more; read as a record of fields, an
  /// `Entry` and a dictionary key, the file of 100,000 ids of scripts/bench/bulk took 23 MiB of heap at the
  /// peak (heaptrack; 9 MiB now), and that stayed in the process's resident set for the run (issue 17).
  struct Entries: RandomAccessCollection, Sendable, Hashable, ExpressibleByArrayLiteral {
    private var text: [UInt8] = []
    private var ends: [Int] = []
    private var lines: [Int] = []

    init() {}

    init(arrayLiteral entries: Entry...) {
      for entry in entries { append(entry) }
    }

    var startIndex: Int { 0 }
    var endIndex: Int { ends.count }

    subscript(place: Int) -> Entry { Entry(line: lines[place], id: id(at: place)) }

    /// The id at `place`, without its line.
    func id(at place: Int) -> String {
      String(decoding: text[(place == 0 ? 0 : ends[place - 1])..<ends[place]], as: UTF8.self)
    }

    /// The line the id at `place` came from.
    func line(at place: Int) -> Int { lines[place] }

    mutating func append(_ entry: Entry) {
      text.append(contentsOf: entry.id.utf8)
      ends.append(text.count)
      lines.append(entry.line)
    }
  }

  /// The ids of `Entries` by hash, to find a duplicate without keeping the ids a second time: each slot
  /// holds an entry's place + 1 (0: empty), found by linear probing, at most half the slots full. Ids are
  /// equal as Swift compares strings (canonical equivalence), as in a `Set<String>`.
  struct IDTable {
    private var slots = [Int](repeating: 0, count: 64)
    private var count = 0

    /// The place of an id equal to `id` among `entries`, or nil when there is none: then `place` (where
    /// `id` is about to be appended) is kept for it.
    mutating func insert(_ id: String, at place: Int, among entries: Entries) -> Int? {
      if (count + 1) * 2 > slots.count { grow(entries) }
      var slot = id.hashValue & (slots.count - 1)
      while slots[slot] != 0 {
        let other = slots[slot] - 1
        if entries.id(at: other) == id { return other }
        slot = (slot + 1) & (slots.count - 1)
      }
      slots[slot] = place + 1
      count += 1
      return nil
    }

    private mutating func grow(_ entries: Entries) {
      var bigger = [Int](repeating: 0, count: slots.count * 2)
      for held in slots where held != 0 {
        var slot = entries.id(at: held - 1).hashValue & (bigger.count - 1)
        while bigger[slot] != 0 { slot = (slot + 1) & (bigger.count - 1) }
        bigger[slot] = held
      }
      slots = bigger
    }
  }

  /// The list as the file is read: each line, or each CSV record, judged as it comes.
  struct Reader {
    var list = IDList()
    /// True once a line that is not blank was read (a CSV's header).
    var sawText = false
    var seen = IDTable()

    mutating func skip(_ line: Int, _ reason: String) {
      list.skipped.append(Skipped(line: line, reason: reason))
    }

    /// Keeps `id` unless paysh refuses it or an earlier line gave it.
    mutating func add(_ id: String, line: Int, _ refuses: (String) -> String?) {
      sawText = true
      if let problem = refuses(id) { return skip(line, "invalid id: \(problem)") }
      if let earlier = seen.insert(id, at: list.entries.count, among: list.entries) {
        return skip(line, "a duplicate of line \(list.entries.line(at: earlier)), fetched once")
      }
      list.entries.append(Entry(line: line, id: id))
    }

    /// Reads a CSV: its header (the first record that is not blank) picks the column, each record after it
    /// gives an id or is skipped. A quote never closed refuses the file, whatever came before.
    mutating func readCSV(
      _ text: ArraySlice<UInt8>, column: String?, _ refuses: (String) -> String?
    ) -> Refusal? {
      var header: [String]?
      var fieldIndex = 0
      var refusal: Refusal?
      var unclosed: Int?
      CSVRows.each(text) { record in
        if record.problem?.contains("never closed") == true {
          unclosed = record.line
          return
        }
        guard refusal == nil else { return }
        guard let header else {
          if IDList.isBlank(record) { return }
          sawText = true
          let names = record.fields.map(\.trimmedID)
          switch IDList.pick(column, in: names) {
          case .failure(let failure): refusal = failure
          case .success(let index):
            fieldIndex = index
            header = names
            list.column = names[index]
          }
          return
        }
        if let problem = record.problem {
          skip(record.line, problem)
        } else if IDList.isBlank(record) {
          skip(record.line, "empty line")
        } else if record.fields.count != header.count {
          skip(
            record.line,
            "a ragged row: \(Counted.text(record.fields.count, "field")), the header has \(header.count)")
        } else {
          let id = record.fields[fieldIndex].trimmedID
          if id.isEmpty {
            skip(record.line, "no order id in column \(header[fieldIndex])")
          } else {
            add(id, line: record.line, refuses)
          }
        }
      }
      if let unclosed {
        return Refusal(
          message: "line \(unclosed): a quote opened there is never closed, so the rest of the file is one field",
          hint: "close the quote, or give the ids one a line without quotes")
      }
      return refusal
    }
  }
}
