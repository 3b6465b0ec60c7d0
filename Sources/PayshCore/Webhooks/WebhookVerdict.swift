/// What `listen` judged of one delivery, kept with it: whether its signature and time held, why not, and
/// what the merchant's endpoint answered when it was forwarded.
///
/// Kept as the headers of paysh's own answer to the gateway (`x-paysh-*`), which is what a delivery's
/// snapshot stores as its response: the listener sends them, so the stored answer is the one given, and the
/// verdict travels wherever the snapshot does (export, import, push, HAR) with no column of its own.
public struct WebhookVerdict: Sendable, Hashable {
  public enum Signature: String, Sendable, Hashable {
    case ok
    case bad = "BAD"
    /// The gateway's scheme is not public (EnKash): nothing could be checked.
    case unchecked
  }

  public var signature: Signature
  /// `signature ok`, or what is wrong and why, in one line.
  public var reason: String
  /// The merchant endpoint it was passed on to (redacted), with what it answered.
  public var forwardedTo: String?
  /// Its HTTP status; nil when no answer came (`forwardError` says why).
  public var forwardedStatus: Int?
  public var forwardError: String?
  public var forwardMicroseconds: Int?

  public init(
    signature: Signature, reason: String, forwardedTo: String? = nil, forwardedStatus: Int? = nil,
    forwardError: String? = nil, forwardMicroseconds: Int? = nil
  ) {
    self.signature = signature
    self.reason = reason
    self.forwardedTo = forwardedTo
    self.forwardedStatus = forwardedStatus
    self.forwardError = forwardError
    self.forwardMicroseconds = forwardMicroseconds
  }

  static let signatureHeader = "x-paysh-signature"
  static let reasonHeader = "x-paysh-verdict"
  static let forwardedHeader = "x-paysh-forwarded-to"
  static let forwardedStatusHeader = "x-paysh-forwarded-status"
  static let forwardErrorHeader = "x-paysh-forward-error"
  static let forwardTimeHeader = "x-paysh-forward-us"

  /// The verdict as answer headers.
  var headers: [HTTPHeader] {
    var headers = [HTTPHeader(Self.signatureHeader, signature.rawValue), HTTPHeader(Self.reasonHeader, reason)]
    if let forwardedTo { headers.append(HTTPHeader(Self.forwardedHeader, forwardedTo)) }
    if let forwardedStatus { headers.append(HTTPHeader(Self.forwardedStatusHeader, String(forwardedStatus))) }
    if let forwardError { headers.append(HTTPHeader(Self.forwardErrorHeader, forwardError)) }
    if let forwardMicroseconds { headers.append(HTTPHeader(Self.forwardTimeHeader, String(forwardMicroseconds))) }
    return headers
  }

  /// The verdict these answer headers hold; nil when they hold none.
  init?(headers: [HTTPHeader]) {
    guard let signature = headers.first(Self.signatureHeader).flatMap(Signature.init(rawValue:)) else {
      return nil
    }
    self.init(
      signature: signature, reason: headers.first(Self.reasonHeader) ?? "",
      forwardedTo: headers.first(Self.forwardedHeader),
      forwardedStatus: headers.first(Self.forwardedStatusHeader).flatMap { Int($0) },
      forwardError: headers.first(Self.forwardErrorHeader),
      forwardMicroseconds: headers.first(Self.forwardTimeHeader).flatMap { Int($0) })
  }

  /// `forwarded: HTTP 500 in 12 ms`, `forwarded: no answer (connection refused)`; nil when not forwarded.
  public var forwarding: String? {
    guard forwardedTo != nil else { return nil }
    let time = forwardMicroseconds.map { " in \($0 / 1_000) ms" } ?? ""
    if let forwardedStatus { return "forwarded: HTTP \(forwardedStatus)\(time)" }
    return "forwarded: no answer (\(forwardError ?? "unknown"))\(time)"
  }
}

extension Snapshot {
  /// The resource a received webhook is stored as.
  public static let webhookResource = "webhook"
  /// The resource of a listening's record: when `listen` (or `trigger`) took webhooks, and how many came.
  public static let listeningResource = "listening"

  /// True for a webhook `listen` received: its request is the gateway's delivery (headers in
  /// `requestHeaders`, the body byte for byte in `body`), its response the answer paysh gave.
  public var isWebhook: Bool { resource == Snapshot.webhookResource }

  /// The verdict kept with a received webhook; nil for a fetch.
  public var webhookVerdict: WebhookVerdict? { isWebhook ? WebhookVerdict(headers: responseHeaders) : nil }
}
