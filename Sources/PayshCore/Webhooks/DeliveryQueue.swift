import Synchronization

/// The deliveries a listener has read and not yet handed on, taken in batches: whatever arrived while the
/// consumer was busy comes out at once, so `listen` commits them in one transaction (one commit for many
/// deliveries rather than one each). A batch is at most `WebhookListener.maxWaiting`: no more are read.
final class DeliveryQueue: AsyncSequence, Sendable {
  typealias Element = [WebhookListener.Delivery]

  private struct State {
    var waiting: [WebhookListener.Delivery] = []
    var consumer: CheckedContinuation<Element?, Never>?
    var finished = false
  }

  private let state = Mutex(State())

  /// Adds a delivery; false when the queue is finished (nothing takes it).
  func push(_ delivery: WebhookListener.Delivery) -> Bool {
    let outcome = state.withLock { state -> (accepted: Bool, wake: (CheckedContinuation<Element?, Never>, Element)?) in
      guard !state.finished else { return (false, nil) }
      state.waiting.append(delivery)
      guard let consumer = state.consumer else { return (true, nil) }
      state.consumer = nil
      let batch = state.waiting
      state.waiting = []
      return (true, (consumer, batch))
    }
    if let (consumer, batch) = outcome.wake { consumer.resume(returning: batch) }
    return outcome.accepted
  }

  /// No more deliveries: what is waiting still comes out, then the sequence ends.
  func finish() {
    let consumer = state.withLock { state -> CheckedContinuation<Element?, Never>? in
      state.finished = true
      defer { state.consumer = nil }
      return state.consumer
    }
    consumer?.resume(returning: nil)
  }

  /// Everything waiting, or the next delivery once it comes; nil once finished and empty, or when the task
  /// is cancelled with nothing waiting.
  func next() async -> Element? {
    await withTaskCancellationHandler {
      await withCheckedContinuation { (continuation: CheckedContinuation<Element?, Never>) in
        let ready = state.withLock { state -> Element?? in
          if !state.waiting.isEmpty {
            defer { state.waiting = [] }
            return .some(state.waiting)
          }
          if state.finished || Task.isCancelled { return .some(nil) }
          state.consumer = continuation
          return .none
        }
        if let ready { continuation.resume(returning: ready) }
      }
    } onCancel: {
      let consumer = state.withLock { state -> CheckedContinuation<Element?, Never>? in
        defer { state.consumer = nil }
        return state.consumer
      }
      consumer?.resume(returning: nil)
    }
  }

  struct Iterator: AsyncIteratorProtocol {
    let queue: DeliveryQueue
    mutating func next() async -> Element? { await queue.next() }
  }

  func makeAsyncIterator() -> Iterator { Iterator(queue: self) }
}
