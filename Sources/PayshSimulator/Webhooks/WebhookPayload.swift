import Foundation
import PayshJSON

/// The bytes one delivery sends (written once, so retries and resends send the same body) and how to make
/// each attempt's headers (a fresh timestamp and signature every time, the same idempotency key).
struct WebhookPayload: Sendable {
  var gateway: Gateway
  var version: CashfreeWebhookVersion
  var body: [UInt8]
  var idempotencyKey: String
  /// Paytring's `hash` (also its header); empty for the others.
  var paytringHash = ""

  /// The payload of `event` for `endpoint`.
  init(_ event: WebhookEvent, for endpoint: WebhookEndpoint) {
    gateway = event.gateway
    version = endpoint.version
    idempotencyKey = CashfreeWebhookBody.idempotencyKey(event.identity)
    switch event.gateway {
    case .cashfree:
      body = CashfreeWebhookBody.body(event, version: endpoint.version).compactBytes
    case .paytring:
      let value = PaytringWebhookBody.body(event.record.order, secret: Simulator.credentials.paytring.secret)
      paytringHash = value["hash"]?.textValue ?? ""
      body = value.compactBytes
    case .enkash:
      body = EnKashWebhookBody.body(event.record.order, time: event.time).compactBytes
    }
  }

  /// The headers of attempt `attempt`, stamped `now` on the simulator clock.
  func headers(attempt: Int, now: Date) -> [(String, String)] {
    switch gateway {
    case .cashfree:
      let milliseconds = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
      return CashfreeWebhookBody.headers(
        body: body, timestampMS: milliseconds, version: version, attempt: attempt, idempotencyKey: idempotencyKey,
        secret: Simulator.credentials.cashfree.clientSecret)
    case .paytring:
      return [("content-type", "application/json"), ("x-paytring-signature", paytringHash)]
    case .enkash:
      return EnKashWebhookBody.headers
    }
  }
}
