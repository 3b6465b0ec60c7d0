import Foundation
import PayshJSON

/// The simulator's state: orders of the three gateways, scripted changes, faults, EnKash tokens.
///
/// Every change to an order goes through ``change(_:_:)``, which hands the webhook events it makes to
/// ``webhooks`` (docs/SIMULATOR.md, Webhooks).
actor SimulatorStore {
  let clock: SimulatorClock
  nonisolated let webhooks: WebhookDispatcher
  let tokenLifetime: Int
  var records: [OrderKey: OrderRecord] = [:]
  var order: [OrderKey] = []
  var pending: [OrderKey: [PendingChange]] = [:]
  var fetchCounts: [OrderKey: Int] = [:]
  var ids = IDGenerator()
  var baseline: [(OrderRecord, [ScriptedChange])] = []

  var faults: [SimFault] = [] {
    didSet { faultSwitch.set(!faults.isEmpty) }
  }
  var nextFaultID = 1
  /// Mirrors "are there any faults", readable without a hop onto the actor (the hot path skips it).
  nonisolated let faultSwitch = FaultSwitch()

  var tokens: [String: Date] = [:]
  var failedLogins: [String: Int] = [:]
  var lockedUsers: Set<String> = []
  var enkashEnvelopeKey = "paylod"
  /// The enforced rate limits and their windows (locked, readable without a hop onto the actor).
  nonisolated let rateLimiter: RateLimiter

  init(
    clock: SimulatorClock, tokenLifetime: Int, webhooks: WebhookDispatcher, rateLimits: [SimRateLimit] = []
  ) {
    self.clock = clock
    self.tokenLifetime = tokenLifetime
    self.webhooks = webhooks
    self.rateLimiter = RateLimiter(startLimits: rateLimits)
  }

  // MARK: Seeds

  /// Loads a seed document (`{"cashfree":[…],"paytring":[…],"enkash":[…]}`); returns how many orders it added.
  @discardableResult
  func load(seed: JSONValue, replace: Bool = false) throws -> Int {
    guard let members = seed.members else { throw SimulatorError.badRequest("a seed must be a JSON object") }
    var count = 0
    for member in members {
      let gateway = try Gateway(name: member.key)
      guard let entries = member.value.arrayValue else {
        throw SimulatorError.badRequest("seed '\(member.key)' must be an array of entries")
      }
      for entry in entries {
        let (record, script) = try SeedEntry.record(gateway: gateway, entry: entry, now: clock.now, ids: &ids)
        try insert(record, script: script, replace: replace)
        count += 1
      }
    }
    return count
  }

  /// Remembers the current orders and scripts as the state `reset` returns to.
  func markBaseline() {
    baseline = order.compactMap { key in
      guard let record = records[key] else { return nil }
      return (record, pending[key, default: []].map(\.change))
    }
  }

  /// Returns to the baseline: orders and scripts as loaded, no faults, no tokens, no locks, no webhook
  /// deliveries, only the endpoints and rate limits the simulator was started with (their windows empty).
  func reset() {
    webhooks.reset()
    rateLimiter.reset()
    records = [:]
    order = []
    pending = [:]
    fetchCounts = [:]
    faults = []
    tokens = [:]
    failedLogins = [:]
    lockedUsers = []
    enkashEnvelopeKey = "paylod"
    for (record, script) in baseline { try? insert(record, script: script, replace: true) }
  }

  // MARK: Orders

  /// Adds an order; a duplicate id is a conflict unless `replace`.
  func insert(_ record: OrderRecord, script: [ScriptedChange] = [], replace: Bool = false) throws {
    let key = OrderKey(gateway: record.gateway, id: record.id)
    guard !key.id.isEmpty else { throw SimulatorError.badRequest("the order has no id") }
    if records[key] != nil {
      guard replace else { throw SimulatorError.conflict("order with same id is already present") }
    } else {
      order.append(key)
    }
    records[key] = record
    fetchCounts[key] = 0
    pending[key] = []
    schedule(script, for: key)
  }

  /// Whether an order exists.
  func contains(_ gateway: Gateway, _ id: String) -> Bool { records[OrderKey(gateway: gateway, id: id)] != nil }

  /// Fetches an order as a client would: due scripted changes fire first, then the fetch is counted.
  func fetch(_ gateway: Gateway, _ id: String) -> OrderRecord? {
    fetch(OrderKey(gateway: gateway, id: id))
  }

  /// Fetches the first order of `gateway` whose record matches `predicate`.
  func fetch(_ gateway: Gateway, where predicate: @Sendable (OrderRecord) -> Bool) -> OrderRecord? {
    guard let key = order.first(where: { $0.gateway == gateway && records[$0].map(predicate) == true })
    else { return nil }
    return fetch(key)
  }

  private func fetch(_ key: OrderKey) -> OrderRecord? {
    guard records[key] != nil else { return nil }
    applyDueChanges(key)
    fetchCounts[key, default: 0] += 1
    return records[key]
  }

  /// The stored order without counting a fetch (admin view).
  func peek(_ gateway: Gateway, _ id: String) -> OrderRecord? { records[OrderKey(gateway: gateway, id: id)] }

  /// All orders in insertion order.
  func all() -> [OrderRecord] { order.compactMap { records[$0] } }

  /// How many times an order has been fetched.
  func fetchCount(_ gateway: Gateway, _ id: String) -> Int { fetchCounts[OrderKey(gateway: gateway, id: id)] ?? 0 }

  /// Applies a change now (admin API).
  @discardableResult
  func apply(_ action: ScriptedChange.Action, to gateway: Gateway, _ id: String) throws -> OrderRecord {
    try change(OrderKey(gateway: gateway, id: id)) { record, now, ids in
      try record.apply(action, now: now, ids: &ids)
    }.record
  }

  /// Changes one order and sends the webhooks the change makes; returns the order and the delivery ids.
  /// `events` may adjust the events before they are sent (a trigger naming a settlement status).
  @discardableResult
  func change(
    _ key: OrderKey, events adjust: ([WebhookEvent]) -> [WebhookEvent] = { $0 },
    _ body: (inout OrderRecord, Date, inout IDGenerator) throws -> Void
  ) throws -> (record: OrderRecord, deliveries: [String]) {
    guard var record = records[key] else {
      throw SimulatorError.notFound("no \(key.gateway.rawValue) order '\(key.id)'")
    }
    let before = record
    let now = clock.now
    try body(&record, now, &ids)
    records[key] = record
    let deliveries = webhooks.emit(adjust(WebhookEvent.changes(from: before, to: record, at: now)))
    return (record, deliveries)
  }

  /// Schedules changes for an existing order (admin API).
  func schedule(_ changes: [ScriptedChange], to gateway: Gateway, _ id: String) throws {
    let key = OrderKey(gateway: gateway, id: id)
    guard records[key] != nil else { throw SimulatorError.notFound("no \(gateway.rawValue) order '\(id)'") }
    schedule(changes, for: key)
  }

  private func schedule(_ changes: [ScriptedChange], for key: OrderKey) {
    let now = clock.now
    pending[key, default: []] += changes.map { PendingChange(change: $0, scheduledAt: now) }
  }

  /// Fires the order's due changes: on a fetch every kind (`timedOnly` false), when the clock moves only
  /// `after_seconds` ones.
  func applyDueChanges(_ key: OrderKey, timedOnly: Bool = false) {
    guard var changes = pending[key], !changes.isEmpty, records[key] != nil else { return }
    let now = clock.now
    let fetchesSoFar = timedOnly ? Int.min : fetchCounts[key] ?? 0
    let due = changes.indices.filter { changes[$0].isDue(fetchesSoFar: fetchesSoFar, now: now) }
    guard !due.isEmpty else { return }
    _ = try? change(key) { record, now, ids in
      for index in due {
        try? record.apply(changes[index].change.action, now: now, ids: &ids)
        changes[index].fired = true
      }
    }
    pending[key] = changes.filter { !$0.fired }
  }

  /// Fires every `after_seconds` change the clock has passed (the clock moved, or time went by); returns
  /// whether any fired.
  @discardableResult
  func applyTimedChanges() -> Bool {
    var fired = false
    for key in order where pending[key]?.isEmpty == false {
      let before = pending[key]?.count ?? 0
      applyDueChanges(key, timedOnly: true)
      fired = fired || (pending[key]?.count ?? 0) < before
    }
    return fired
  }

  /// Creates a Cashfree order from a Create Order body, or throws the validation failure / conflict.
  func createCashfree(_ request: JSONValue) throws -> OrderRecord {
    if let id = request["order_id"]?.textValue, contains(.cashfree, id) {
      throw SimulatorError.conflict("order with same id is already present")
    }
    let order = try CashfreeOrderFactory.order(from: request, now: clock.now, ids: &ids)
    let record = OrderRecord(gateway: .cashfree, order: order)
    try insert(record)
    return record
  }

  /// Creates a Paytring order from a create body (already authenticated).
  func createPaytring(_ request: JSONValue) throws -> OrderRecord {
    let record = try PaytringOrderFactory.record(from: request, now: clock.now, ids: &ids)
    if let receipt = record.order["receipt_id"]?.textValue,
      order.contains(where: { $0.gateway == .paytring && records[$0]?.order["receipt_id"]?.textValue == receipt })
    {
      throw SimulatorError.conflict("receipt_id has already been taken")
    }
    try insert(record)
    return record
  }
}
