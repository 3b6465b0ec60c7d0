import Dispatch
import PayshJSON
import Synchronization

/// The stored answers of a session as a case reads them, from `answer_parts` rather than the bodies.
extension SessionStore {
  /// The answers of session `session` (about `orderID`, or every one), in order, each with the reading kept
  /// when it was committed. A body is read only where a case needs the gateway's own words (an error's
  /// message, the order answer of a gateway whose attempts it carries) or the row has no reading it can
  /// trust: a store opened read-only (a shared file) is read from its bodies, since its rows could be
  /// crafted to say what its bodies do not.
  public func caseAnswers(session: Int64, orderID: String? = nil) throws(StoreError) -> [CaseAnswer] {
    let reading = readOnly ? "NULL" : "a.reading"
    let carriers = CaseReading.attemptsInOrder.map { "'\($0)'" }.joined(separator: ", ")
    let evidence = CaseReading.evidenceResources.map { "'\($0)'" }.joined(separator: ", ")
    let sql = """
      SELECT s.number, s.gateway, s.environment, s.resource, s.order_id, s.status, s.fetched_at,
        CASE WHEN \(reading) IS NULL THEN s.normalized END, \(reading),
        CASE WHEN \(reading) IS NULL OR s.status >= 300 OR (s.resource = 'order' AND s.gateway IN (\(carriers)))
          OR s.resource IN (\(evidence)) THEN s.body END,
        CASE WHEN \(reading) IS NULL OR s.resource IN (\(evidence)) THEN s.response_headers END
      FROM snapshots s\(readOnly ? "" : " LEFT JOIN answer_parts a ON a.snapshot_id = s.id")
      WHERE s.session_id = ?\(orderID == nil ? "" : " AND (s.order_id = ? OR s.resource = 'listening')")
      ORDER BY s.number
      """
    let rows = try attempt("read the answers") {
      let statement = try database.cached(sql)
      try statement.bind([.integer(session)] + (orderID.map { [SQLValue.text($0)] } ?? []))
      let decoding = AnswerDecoding()
      while try statement.step() { decoding.add(AnswerRow(statement)) }
      return decoding
    }
    return try wholeAnswers(rows.finish(), session: session)
  }
}

extension SessionStorage {
  /// The answers `found` decoded from `session`'s rows; one whose reading did not read back whole (a damaged
  /// row) is read again from its snapshot.
  func wholeAnswers(_ found: [(answer: CaseAnswer, whole: Bool)], session: Int64) throws(StoreError) -> [CaseAnswer] {
    var answers = found.map(\.answer)
    for index in found.indices where !found[index].whole {
      guard let snapshot = try snapshot(session: session, number: answers[index].number) else { continue }
      answers[index] = CaseAnswer(snapshot)
    }
    return answers
  }
}

/// Rows decoded in pieces while the query goes on reading: the query steps on one core while the others
/// decode what it has read (one after the other, the query was a third of reading a session).
final class AnswerDecoding {
  static let piece = 1_000
  private let group = DispatchGroup()
  /// The decoded pieces by their number, filled in by the workers.
  private final class Pieces: Sendable {
    let decoded = Mutex<[Int: [(answer: CaseAnswer, whole: Bool)]]>([:])
  }
  private let done = Pieces()
  private var pending: [AnswerRow] = []
  private var pieces = 0

  func add(_ row: AnswerRow) {
    pending.append(row)
    if pending.count == AnswerDecoding.piece { submit() }
  }

  private func submit() {
    let rows = pending
    let index = pieces
    pending = []
    pieces += 1
    DispatchQueue.global().async(group: group) { [done] in
      let decoded = AnswerRow.decode(piece: rows)
      done.decoded.withLock { $0[index] = decoded }
    }
  }

  /// `rows` decoded on every core, in their order.
  static func decode(_ rows: [AnswerRow]) -> [(answer: CaseAnswer, whole: Bool)] {
    let decoding = AnswerDecoding()
    for row in rows { decoding.add(row) }
    return decoding.finish()
  }

  /// Every row added, decoded, in the order added.
  func finish() -> [(answer: CaseAnswer, whole: Bool)] {
    let last = AnswerRow.decode(piece: pending)
    pending = []
    group.wait()
    return done.decoded.withLock { done in (0..<pieces).flatMap { done[$0] ?? [] } } + last
  }
}

/// One row of `caseAnswers`, its columns as stored (by either backend): decoded apart from the query, on
/// every core.
struct AnswerRow: Sendable {
  var number: Int
  var gateway, environment, resource, orderID: String
  var status: Int
  var fetchedAt: String
  var order, reading, body, headers: [UInt8]?

  init(
    number: Int, gateway: String, environment: String, resource: String, orderID: String, status: Int,
    fetchedAt: String, order: [UInt8]?, reading: [UInt8]?, body: [UInt8]?, headers: [UInt8]?
  ) {
    self.number = number
    self.gateway = gateway
    self.environment = environment
    self.resource = resource
    self.orderID = orderID
    self.status = status
    self.fetchedAt = fetchedAt
    self.order = order
    self.reading = reading
    self.body = body
    self.headers = headers
  }

  init(_ statement: Statement) {
    func bytes(_ column: Int32) -> [UInt8]? { statement.isNull(column) ? nil : statement.blob(column) }
    number = statement.int(0)
    gateway = statement.text(1)
    environment = statement.text(2)
    resource = statement.text(3)
    orderID = statement.text(4)
    status = statement.int(5)
    fetchedAt = statement.text(6)
    order = bytes(7)
    reading = bytes(8)
    body = bytes(9)
    headers = bytes(10)
  }

  /// The answers of `rows`, on this thread.
  static func decode(piece rows: [AnswerRow]) -> [(answer: CaseAnswer, whole: Bool)] {
    var decoded = Snapshot.Decoded()
    var mappings = MappingCache()
    return rows.map { row in row.answer(&decoded, &mappings) }
  }

  func answer(
    _ decoded: inout Snapshot.Decoded, _ mappings: inout MappingCache
  ) -> (
    answer: CaseAnswer, whole: Bool
  ) {
    let parsed = body.flatMap { try? JSONParser.parse($0) }
    let kept = self.reading.flatMap { CaseReading(storage: $0, mappings: &mappings) }
    let reading =
      kept
      ?? CaseReading(
        gateway: gateway, resource: resource, status: status,
        date: headers.flatMap { Snapshot.headers(bytes: $0).first("date") }, order: decoded.order(order), body: parsed)
    let verdict =
      resource == Snapshot.webhookResource
      ? headers.flatMap { WebhookVerdict(headers: Snapshot.headers(bytes: $0)) } : nil
    let answer = CaseAnswer(
      number: number, gateway: gateway, environment: environment, resource: resource, orderID: orderID,
      status: status, fetchedAt: fetchedAt, reading: reading, body: parsed, verdict: verdict)
    return (answer, whole: kept != nil || self.reading == nil)
  }
}
