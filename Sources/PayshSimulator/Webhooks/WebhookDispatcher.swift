import Foundation
import PayshJSON

/// The simulator's webhook side: registered endpoints, the delivery log, sending and retrying.
///
/// ``emit(_:)`` is synchronous (the store calls it inside the change that caused the events): it logs one
/// delivery per event and matching endpoint and starts each first attempt in a task of its own, so the call
/// that caused it never waits for a receiver. Retries are started by ``sendDueRetries()`` once the simulator
/// clock has passed their time (the clock admin routes and a poller call it). ``waitForAttempts(of:)``
/// lets admin callers wait until attempts are answered. The log keeps the last ``logLimit`` deliveries.
final class WebhookDispatcher: @unchecked Sendable {
  /// Deliveries kept in the log; older ones are dropped.
  static let logLimit = 10_000

  let clock: SimulatorClock
  let sender = WebhookSender()
  /// Endpoints the simulator was started with (`paysh sim --webhook`); `/_sim/reset` keeps them.
  private let startupEndpoints: [WebhookEndpoint]
  private let lock = NSLock()
  private var endpoints: [WebhookEndpoint] = []
  private var nextEndpointNumber = 1
  private var deliveries: [String: WebhookDelivery] = [:]
  private var deliveryOrder: [String] = []
  private var nextDeliveryNumber = 1
  private var tasks: [Int: (delivery: String, task: Task<Void, Never>)] = [:]
  private var nextTaskNumber = 1
  /// Bumped by ``reset()``: an attempt started before it is not recorded on a delivery of the same id after.
  private var generation = 0

  init(clock: SimulatorClock, startupEndpoints: [WebhookEndpoint]) {
    self.clock = clock
    self.startupEndpoints = startupEndpoints
    reset()
  }

  // MARK: Endpoints

  /// Registers an endpoint; returns it with its id (`wh_N`).
  func register(_ endpoint: WebhookEndpoint) -> WebhookEndpoint {
    lock.withLock { registerLocked(endpoint) }
  }

  private func registerLocked(_ endpoint: WebhookEndpoint) -> WebhookEndpoint {
    var endpoint = endpoint
    endpoint.id = "wh_\(nextEndpointNumber)"
    nextEndpointNumber += 1
    endpoints.append(endpoint)
    return endpoint
  }

  /// The registered endpoints, in order.
  func listEndpoints() -> [WebhookEndpoint] { lock.withLock { endpoints } }

  /// Removes one endpoint; false if there is none with that id.
  func removeEndpoint(id: String) -> Bool {
    lock.withLock {
      let count = endpoints.count
      endpoints.removeAll { $0.id == id }
      return endpoints.count < count
    }
  }

  /// Forgets every endpoint and delivery but the start-up endpoints (attempts in flight finish unlogged).
  func reset() {
    lock.withLock {
      generation += 1
      endpoints = []
      nextEndpointNumber = 1
      deliveries = [:]
      deliveryOrder = []
      nextDeliveryNumber = 1
      for endpoint in startupEndpoints { _ = registerLocked(endpoint) }
    }
  }

  // MARK: Deliveries

  /// Logs and starts one delivery per event and endpoint that receives it; returns their ids.
  @discardableResult
  func emit(_ events: [WebhookEvent]) -> [String] {
    guard !events.isEmpty else { return [] }
    return lock.withLock {
      var ids: [String] = []
      for event in events {
        for endpoint in endpoints where endpoint.receives(event.gateway, event.type) {
          let id = "dl_\(nextDeliveryNumber)"
          nextDeliveryNumber += 1
          deliveries[id] = WebhookDelivery(
            id: id, endpoint: endpoint, gateway: event.gateway, orderID: event.orderID, type: event.type,
            payload: WebhookPayload(event, for: endpoint))
          deliveryOrder.append(id)
          ids.append(id)
          startAttemptLocked(id, scheduled: true)
        }
      }
      trimLocked()
      return ids
    }
  }

  /// The deliveries, oldest first, optionally of one order only.
  func listDeliveries(orderID: String? = nil) -> [WebhookDelivery] {
    lock.withLock {
      deliveryOrder.compactMap { deliveries[$0] }.filter { orderID == nil || $0.orderID == orderID }
    }
  }

  /// One delivery.
  func delivery(_ id: String) -> WebhookDelivery? { lock.withLock { deliveries[id] } }

  /// Sends a delivery again now (a new attempt: fresh timestamp and signature, same idempotency key).
  func resend(_ id: String) -> Bool {
    lock.withLock {
      guard deliveries[id] != nil else { return false }
      startAttemptLocked(id, scheduled: false)
      return true
    }
  }

  /// Starts every retry whose time the simulator clock has passed; returns how many.
  @discardableResult
  func sendDueRetries() -> Int {
    let now = clock.now
    return lock.withLock {
      var started = 0
      for id in deliveryOrder {
        guard var delivery = deliveries[id], let due = delivery.nextAttemptAt, due <= now else { continue }
        delivery.nextAttemptAt = nil
        delivery.retriesStarted += 1
        deliveries[id] = delivery
        startAttemptLocked(id, scheduled: true)
        started += 1
      }
      return started
    }
  }

  /// Waits until the attempts in flight now (of `ids`, or of every delivery) are answered.
  func waitForAttempts(of ids: [String]? = nil) async {
    while true {
      let pending = lock.withLock {
        tasks.values.filter { ids?.contains($0.delivery) ?? true }.map(\.task)
      }
      if pending.isEmpty { return }
      for task in pending { await task.value }
    }
  }

  /// Cancels attempts in flight and waits for them to end.
  func shutdown() async {
    let pending = lock.withLock { tasks.values.map(\.task) }
    for task in pending { task.cancel() }
    for task in pending { await task.value }
  }

  private func startAttemptLocked(_ id: String, scheduled: Bool) {
    guard var delivery = deliveries[id] else { return }
    let number = delivery.nextNumber
    delivery.inFlight += 1
    deliveries[id] = delivery
    let sentAt = clock.now
    let headers = delivery.payload.headers(attempt: number, now: sentAt)
    let (url, body, timeout) = (delivery.endpoint.url, delivery.payload.body, delivery.endpoint.timeoutMS)
    let token = nextTaskNumber
    nextTaskNumber += 1
    let generation = self.generation
    let task = Task { [sender] in
      let outcome = await sender.post(url: url, headers: headers, body: body, timeoutMS: timeout)
      self.finish(
        id, token: token, generation: generation,
        WebhookDelivery.Attempt(
          number: number, sentAt: sentAt, status: outcome.status, error: outcome.error,
          latencyMS: outcome.latencyMS), scheduled: scheduled)
    }
    tasks[token] = (id, task)
  }

  private func finish(
    _ id: String, token: Int, generation: Int, _ attempt: WebhookDelivery.Attempt, scheduled: Bool
  ) {
    lock.withLock {
      tasks[token] = nil
      guard generation == self.generation, var delivery = deliveries[id] else { return }
      delivery.record(attempt, scheduled: scheduled)
      deliveries[id] = delivery
    }
  }

  private func trimLocked() {
    let excess = deliveryOrder.count - Self.logLimit
    guard excess > 0 else { return }
    for id in deliveryOrder.prefix(excess) { deliveries[id] = nil }
    deliveryOrder.removeFirst(excess)
  }
}
