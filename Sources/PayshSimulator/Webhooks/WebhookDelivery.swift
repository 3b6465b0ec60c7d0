import Foundation
import PayshJSON

/// One event sent to one endpoint: its payload, every attempt, and what happens next.
///
/// Retries follow Cashfree's default policy (`../shared/reference/cashfree.md` 5: "Retries up to three times at
/// 2, 10, and 30-minute intervals"): after a failed first attempt or retry, the next is due that long after
/// it on the simulator clock; after the third retry fails the delivery gives up. A resend is an extra attempt
/// and moves no retry.
struct WebhookDelivery: Sendable {
  /// Minutes between a failed attempt and the next retry.
  static let retryDelays: [TimeInterval] = [120, 600, 1800]

  /// One POST and its answer (nil status: no HTTP answer came).
  struct Attempt: Sendable {
    var number: Int
    var sentAt: Date
    var status: Int?
    var error: String?
    var latencyMS: Double

    var succeeded: Bool { status.map { (200...299).contains($0) } ?? false }

    var jsonValue: JSONValue {
      .obj([
        "attempt": .int(number), "sent_at": .string(SimTime.iso(sentAt)), "status": status.map { .int($0) } ?? .null,
        "error": error.map { .string($0) } ?? .null, "latency_ms": .number(text: String(format: "%.1f", latencyMS)),
      ])
    }
  }

  let id: String
  let endpoint: WebhookEndpoint
  let gateway: Gateway
  let orderID: String
  let type: String
  let payload: WebhookPayload
  var attempts: [Attempt] = []
  /// Attempts sent and not yet answered.
  var inFlight = 0
  /// Retries started so far (0 to 3).
  var retriesStarted = 0
  var nextAttemptAt: Date?

  /// `sending` while an attempt is out, else `delivered` (some attempt got a 2xx), `retrying` (a retry is
  /// due at ``nextAttemptAt``) or `gave_up`.
  var state: String {
    if inFlight > 0 { return "sending" }
    if attempts.contains(where: \.succeeded) { return "delivered" }
    return nextAttemptAt == nil ? "gave_up" : "retrying"
  }

  /// The number the next attempt gets (`x-webhook-attempt`).
  var nextNumber: Int { attempts.count + inFlight + 1 }

  /// Records an answered attempt; a failed first attempt or retry schedules the next retry, if any is left.
  mutating func record(_ attempt: Attempt, scheduled: Bool) {
    inFlight -= 1
    attempts.append(attempt)
    attempts.sort { $0.number < $1.number }
    if attempt.succeeded {
      nextAttemptAt = nil
    } else if scheduled, retriesStarted < Self.retryDelays.count {
      nextAttemptAt = attempt.sentAt.addingTimeInterval(Self.retryDelays[retriesStarted])
    }
  }

  var jsonValue: JSONValue {
    .obj([
      "id": .string(id), "endpoint": .string(endpoint.id), "url": .string(endpoint.url),
      "gateway": .string(gateway.rawValue), "order_id": .string(orderID), "type": .string(type),
      "idempotency_key": .string(payload.idempotencyKey), "attempts": .array(attempts.map(\.jsonValue)),
      "state": .string(state), "next_attempt_at": nextAttemptAt.map { .string(SimTime.iso($0)) } ?? .null,
    ])
  }
}
