/// The answers of a recorded session, for replaying a script offline (each fetch answered from the
/// recording) or comparing a live replay with it (`--compare`).
///
/// The N-th fetch of a query (gateway, resource, order, part id) gets the N-th recorded answer of it.
public final class RecordedAnswers {
  /// How the recording is used.
  public enum Use: Sendable, Hashable {
    /// No network: every fetch is answered from the recording.
    case offline
    /// Live fetches, each diffed against the recorded answer.
    case compare
  }

  public let use: Use
  /// Where the recording came from, as shown in messages: `session ticket-4821`, `ticket.paysh`.
  public let origin: String
  var queues: [String: [Snapshot]] = [:]
  var served: [String: Int] = [:]
  /// Keys in the order first recorded, for messages.
  var order: [String] = []

  public init(_ snapshots: [Snapshot], use: Use, origin: String) {
    self.use = use
    self.origin = origin
    for snapshot in snapshots {
      let key = RecordedAnswers.key(snapshot)
      if queues[key] == nil { order.append(key) }
      queues[key, default: []].append(snapshot)
    }
  }

  /// `cashfree order cf_1`, `cashfree payment 12 of order cf_1`, `paytring order with receipt r1`.
  static func key(gateway: String, query: FetchQuery) -> String {
    "\(gateway) \(query)"
  }

  /// The key of a stored snapshot, read back from its resource, order id and URL.
  static func key(_ snapshot: Snapshot) -> String {
    let id = snapshot.orderID
    if CaseReading.evidenceResources.contains(snapshot.resource) {
      return evidenceKey(gateway: snapshot.gateway, resource: snapshot.resource)  // never an answer to a fetch
    }
    if snapshot.resource == "order", !snapshot.url.hasSuffix("/fetch/receipt") {
      return "\(snapshot.gateway) order \(id)"  // the common case, without taking the URL apart
    }
    let part = snapshot.url.split(separator: "?").first.flatMap { $0.split(separator: "/").last }.map {
      PathEncoding.decode(String($0))
    }
    let query: FetchQuery
    switch snapshot.resource {
    case "payments": query = .payments(order: id)
    case "payment": query = .payment(order: id, paymentID: part ?? "")
    case "refunds": query = .refunds(order: id)
    case "refund": query = .refund(order: id, refundID: part ?? "")
    case "settlements": query = .settlements(order: id)
    default: query = snapshot.url.hasSuffix("/fetch/receipt") ? .receipt(id) : .order(id)
    }
    return key(gateway: snapshot.gateway, query: query)
  }

  /// The next recorded answer to `query`, or nil with what the recording holds instead.
  public func next(gateway: String, query: FetchQuery) -> Result<Snapshot, RecordedAnswers.Miss> {
    let key = RecordedAnswers.key(gateway: gateway, query: query)
    let count = served[key, default: 0]
    guard let queue = queues[key], count < queue.count else {
      return .failure(Miss(key: key, asked: count + 1, held: queues[key]?.count ?? 0, holds: holdings))
    }
    served[key] = count + 1
    return .success(queue[count])
  }

  /// `cashfree webhook`, `cashfree listening`: where a session's deliveries and listenings queue.
  static func evidenceKey(gateway: String, resource: String) -> String { "\(gateway) \(resource) (evidence)" }

  /// The next recorded webhook delivery or listening record of `gateway`, in the order they were stored.
  public func nextEvidence(gateway: String, resource: String) -> Snapshot? {
    let key = RecordedAnswers.evidenceKey(gateway: gateway, resource: resource)
    let count = served[key, default: 0]
    guard let queue = queues[key], count < queue.count else { return nil }
    served[key] = count + 1
    return queue[count]
  }

  /// True when the recording still holds an answer to `query`.
  public func hasNext(gateway: String, query: FetchQuery) -> Bool {
    let key = RecordedAnswers.key(gateway: gateway, query: query)
    return served[key, default: 0] < queues[key]?.count ?? 0
  }

  /// What the recording holds: `cashfree order cf_1 ×2`, one entry per query, in recorded order.
  public var holdings: [String] {
    order.map { key in
      let count = queues[key]?.count ?? 0
      return count == 1 ? key : "\(key) ×\(count)"
    }
  }

  /// A fetch the recording has no answer for.
  public struct Miss: Error, Sendable, Hashable {
    public var key: String
    /// Which fetch of it this was (from 1).
    public var asked: Int
    /// How many answers to it the recording holds.
    public var held: Int
    public var holds: [String]

    public var message: String {
      held == 0
        ? "the recording has no answer for \(key)"
        : "the recording holds \(held) answer\(held == 1 ? "" : "s") for \(key); this is fetch \(asked) of it"
    }

    public var hint: String {
      holds.isEmpty ? "the recording holds no fetches" : "it holds: " + holds.joined(separator: ", ")
    }
  }
}
