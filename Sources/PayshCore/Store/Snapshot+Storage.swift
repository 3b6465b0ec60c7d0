import PayshJSON

/// How a snapshot is written to a `snapshots` row and read back, column for column.
extension Snapshot {
  /// Binds the snapshot to parameters `first`… in `StoreSchema.snapshotColumns` order.
  func bind(to statement: Statement, from first: Int32) throws(DatabaseError) {
    var index = first
    func next() -> Int32 {
      defer { index += 1 }
      return index
    }
    try statement.bind(number, at: next())
    try statement.bind(gateway, at: next())
    try statement.bind(environment, at: next())
    try statement.bind(apiVersion, at: next())
    try statement.bind(resource, at: next())
    try statement.bind(orderID, at: next())
    try statement.bind(method, at: next())
    try statement.bind(url, at: next())
    try statement.bind(Snapshot.headersText(requestHeaders), at: next())
    try statement.bind(requestBody, at: next())
    try statement.bind(status, at: next())
    try statement.bind(Snapshot.headersText(responseHeaders), at: next())
    try statement.bind(body, at: next())
    try statement.bind(fetchedAt, at: next())
    try statement.bind(latencyMicroseconds, at: next())
    try statement.bind(Snapshot.stringsText(retries), at: next())
    try statement.bind(order?.status.rawValue, at: next())
    try statement.bind(order?.rawStatus, at: next())
    try statement.bind(order?.amount?.currency ?? order?.paidAmount?.currency, at: next())
    try statement.bind(order?.amount?.minorUnits, at: next())
    try statement.bind(order?.paidAmount?.minorUnits, at: next())
    try statement.bind(order?.updatedAt?.iso8601, at: next())
    try statement.bind(order?.storageText, at: next())
    try statement.bind(author, at: next())
  }

  /// The snapshot in the current row of `statement`, whose columns start at `first` in
  /// `StoreSchema.snapshotColumns` order.
  init(row statement: Statement, from first: Int32) {
    var decoded = Decoded()
    self.init(row: statement, from: first, decoded: &decoded)
  }

  /// Decoded header lists and orders by their stored text: many rows of a session repeat them (the same
  /// order fetched again and again), and reading them back is most of what loading a session costs.
  struct Decoded {
    /// Orders by their stored bytes.
    var orders: [Bytes: Order] = [:]

    /// Bytes hashed as one block (an `[UInt8]` key hashes byte by byte; a String key pays for Unicode
    /// normalization).
    struct Bytes: Hashable {
      let bytes: [UInt8]

      func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
      }
    }

    mutating func order(_ bytes: [UInt8]?) -> Order? {
      guard let bytes else { return nil }
      let key = Bytes(bytes: bytes)
      if let known = orders[key] { return known }
      guard let made = Order(storage: String(decoding: bytes, as: UTF8.self)) else { return nil }
      if orders.count < 4_096 { orders[key] = made }
      return made
    }
  }

  /// The snapshot in the current row, reusing what `decoded` already read from identical texts.
  init(row statement: Statement, from first: Int32, decoded: inout Decoded) {
    let at = { (offset: Int32) in first + offset }
    self.init(
      number: statement.int(at(0)), gateway: statement.text(at(1)), environment: statement.text(at(2)),
      apiVersion: statement.text(at(3)), resource: statement.text(at(4)), orderID: statement.text(at(5)),
      method: statement.text(at(6)), url: statement.text(at(7)),
      requestHeaders: Snapshot.headers(bytes: statement.blob(at(8))), requestBody: statement.optionalText(at(9)),
      status: statement.int(at(10)), responseHeaders: Snapshot.headers(bytes: statement.blob(at(11))),
      body: statement.blob(at(12)), fetchedAt: statement.text(at(13)), latencyMicroseconds: statement.int(at(14)),
      retries: Snapshot.strings(statement.text(at(15))),
      order: decoded.order(statement.isNull(at(22)) ? nil : statement.blob(at(22))),
      author: statement.optionalText(at(23)))
  }

  /// Headers as a compact JSON array of `[name, value]` pairs, order and repeats kept, written straight
  /// into bytes (no `JSONValue` in between: two lists are written for every fetch).
  static func headersText(_ headers: [HTTPHeader]) -> String {
    var out = JSONOutput(colour: false, capacity: 512)
    out.array(headers) { $0.strings([$1.name, $1.value]) }
    return out.string
  }

  static func headers(_ text: String) -> [HTTPHeader] {
    headers(bytes: Array(text.utf8))
  }

  static func headers(bytes: [UInt8]) -> [HTTPHeader] {
    // The common case, as the stores write it, without a JSONValue per header (a fifth of an offline
    // replay's start on a recording of 10,000 answers was reading headers through the general parser).
    if let pairs = JSONParser.stringPairs(bytes) { return pairs.map { HTTPHeader($0.0, $0.1) } }
    guard case .array(let pairs) = (try? JSONParser.parse(bytes)) ?? .null else { return [] }
    return pairs.compactMap { pair in
      guard let name = pair[0]?.stringValue, let value = pair[1]?.stringValue else { return nil }
      return HTTPHeader(name, value)
    }
  }

  /// Strings as a compact JSON array (the retries column).
  static func stringsText(_ items: [String]) -> String {
    var out = JSONOutput(colour: false)
    out.strings(items)
    return out.string
  }

  static func strings(_ text: String) -> [String] {
    if text == "[]" { return [] }  // almost every row's retries
    guard case .array(let items) = (try? JSONParser.parse(text)) ?? .null else { return [] }
    return items.compactMap(\.stringValue)
  }
}
