/// One order to judge: its answers (oldest first) and what other sessions stored of its status.
public struct CaseInput: Sendable {
  public var gateway: String
  public var orderID: String
  public var answers: [CaseAnswer]
  public var elsewhere: [SessionStore.StoredStatus]

  public init(gateway: String, orderID: String, answers: [CaseAnswer], elsewhere: [SessionStore.StoredStatus] = []) {
    self.gateway = gateway
    self.orderID = orderID
    self.answers = answers
    self.elsewhere = elsewhere
  }

  public init(gateway: String, orderID: String, snapshots: [Snapshot], elsewhere: [SessionStore.StoredStatus] = []) {
    self.init(
      gateway: gateway, orderID: orderID,
      answers: snapshots.filter { snapshot in
        snapshot.gateway == gateway && (snapshot.orderID == orderID || snapshot.resource == Snapshot.listeningResource)
      }.map(CaseAnswer.init),
      elsewhere: elsewhere)
  }

  public var orderCase: OrderCase {
    CaseBuilder.build(gateway: gateway, orderID: orderID, from: answers, elsewhere: elsewhere)
  }

  /// `orderID` on `gateway` as the current session of `log` holds it, with what other sessions stored of
  /// its status.
  static func stored(_ orderID: String, on gateway: String, in log: any SnapshotLog) throws -> CaseInput {
    CaseInput(
      gateway: gateway, orderID: orderID,
      answers: try log.caseAnswers(orderID: orderID).filter { $0.gateway == gateway },
      elsewhere: try log.statusesElsewhere(gateway: gateway, orderID: orderID))
  }
}

extension CheckRules {
  /// The reports on many orders, in their order: built and judged on every core (each case is pure work on
  /// its own answers), a piece on each of NIO's shared loops (a child task would otherwise run on the
  /// caller's: the shell's loop), in one piece when there are few.
  /// The inputs are consumed: each piece is freed on the core that judged it (freeing 10,000 cases' answers
  /// on one thread was a sixth of `check`).
  public static func reports(_ inputs: consuming [CaseInput], thresholds: CheckThresholds) async -> [CheckReport] {
    let loops = EventLoopTaskExecutor.shared
    let count = inputs.count
    let workers = max(1, min(loops.count, count / 200))
    guard workers > 1 else { return inputs.map { run($0.orderCase, thresholds: thresholds) } }
    let size = (count + workers - 1) / workers
    var pieces = stride(from: 0, to: count, by: size).map { Array(inputs[$0..<min(count, $0 + size)]) }
    inputs = []
    return await withTaskGroup(of: (Int, [CheckReport]).self) { group in
      for index in pieces.indices {
        let piece = pieces[index]
        pieces[index] = []
        group.addTask(executorPreference: loops[index]) {
          (index, piece.map { run($0.orderCase, thresholds: thresholds) })
        }
      }
      var done: [(Int, [CheckReport])] = []
      for await piece in group { done.append(piece) }
      return done.sorted { $0.0 < $1.0 }.flatMap(\.1)
    }
  }
}
