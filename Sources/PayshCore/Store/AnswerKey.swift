/// What `--resume` reads of each stored answer: the order and query it answered, and how. No body and no
/// reading, so a session of 100,000 answers is read in a few megabytes (`caseAnswers` decodes each one).
public struct AnswerKey: Sendable, Hashable {
  public var number: Int
  public var orderID: String
  public var resource: String
  public var status: Int
}

extension SessionStore {
  /// Session `session`'s answers on `gateway` in `environment`, in order, one at a time.
  public func answerKeys(
    session: Int64, gateway: String, environment: String, _ each: (AnswerKey) -> Void
  ) throws(StoreError) {
    try attempt("read the answers") {
      let statement = try database.cached(
        "SELECT number, order_id, resource, status FROM snapshots"
          + " WHERE session_id = ? AND gateway = ? AND environment = ? ORDER BY number")
      try statement.bind([.integer(session), .text(gateway), .text(environment)])
      while try statement.step() {
        each(
          AnswerKey(
            number: statement.int(0), orderID: statement.text(1), resource: statement.text(2),
            status: statement.int(3)))
      }
    }
  }
}
