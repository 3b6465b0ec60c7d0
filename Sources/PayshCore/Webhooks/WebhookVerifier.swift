import PayshJSON

/// Checks a captured webhook's signature and timestamp with the credentials in use, and when the signature
/// does not match, finds why: another held secret, a body changed on its way (`BodyForms`), a timestamp in
/// seconds. What it finds is data; `VerifyCommand` says it.
public struct WebhookVerifier: Sendable {
  /// A secret to try, with what it is (`client_secret of cashfree sandbox`).
  public struct Key: Sendable, Hashable {
    public var label: String
    public var secret: String

    public init(_ label: String, _ secret: String) {
      self.label = label
      self.secret = secret
    }
  }

  public enum Signature: Sendable, Hashable {
    /// The header is missing: nothing to verify.
    case missing(header: String)
    case matches
    /// It matches under another secret than the one in use.
    case otherKey(String)
    /// It matches the body written another way: the body was changed after it was signed.
    case bodyChanged(form: String)
    /// Nothing tried matches: a wrong secret, or a body changed beyond the common ways.
    case noMatch
    /// No secret matches, and the body is too big to try it re-written (`BodyForms.maxBytes`).
    case noMatchTooBig
    /// No timestamp: it is part of the signed message, so the signature cannot be checked.
    case needsTimestamp
    /// Matches under the assumed scheme, which covers only part of the body (Paytring: top-level scalars).
    case matchesAssumed(String)
  }

  public enum Age: Sendable, Hashable {
    case missing(header: String)
    /// Not a number of milliseconds.
    case unreadable(String)
    /// Ten digits: seconds where Cashfree sends milliseconds.
    case seconds(String)
    /// Milliseconds before now (negative: in the future), and whether inside the window.
    case age(milliseconds: Int, inside: Bool)
  }

  public struct Report: Sendable, Hashable {
    public var signature: Signature
    public var age: Age
    /// True when the gateway dates its webhooks, so a missing or stale time is a failure.
    public var dated = true
    public var ok: Bool {
      if case .matchesAssumed = signature { return true }
      guard case .matches = signature else { return false }
      if case .age(_, true) = age { return true }
      return !dated
    }
  }

  /// The headers a verdict is read from: two different values of one make a capture unjudgeable.
  static let signedHeaders = ["x-webhook-signature", "x-webhook-timestamp", "x-paytring-signature"]

  public var key: Key
  public var others: [Key]
  /// The window a timestamp must fall in, either side of now.
  public var windowMilliseconds: Int
  /// Now, in milliseconds since 1970.
  public var nowMilliseconds: Int

  public init(key: Key, others: [Key], windowMilliseconds: Int, nowMilliseconds: Int) {
    self.key = key
    self.others = others
    self.windowMilliseconds = windowMilliseconds
    self.nowMilliseconds = nowMilliseconds
  }

  /// Cashfree: `x-webhook-signature` over `x-webhook-timestamp` + body.
  public func cashfree(_ capture: CapturedWebhook) -> Report {
    let timestamp = capture.header("x-webhook-timestamp")
    let age = self.age(timestamp)
    guard let signature = capture.header("x-webhook-signature") else {
      return Report(signature: .missing(header: "x-webhook-signature"), age: age)
    }
    guard let timestamp else { return Report(signature: .needsTimestamp, age: age) }
    func signs(_ body: [UInt8], _ secret: String) -> Bool {
      CashfreeWebhookSignature.matches(signature, timestamp: timestamp, body: body, secret: secret)
    }
    if signs(capture.body, key.secret) { return Report(signature: .matches, age: age) }
    if let other = others.first(where: { signs(capture.body, $0.secret) }) {
      return Report(signature: .otherKey(other.label), age: age)
    }
    guard capture.body.count <= BodyForms.maxBytes else { return Report(signature: .noMatchTooBig, age: age) }
    if let form = BodyForms.forms(of: capture.body).first(where: { signs($0.bytes, key.secret) }) {
      return Report(signature: .bodyChanged(form: form.name), age: age)
    }
    return Report(signature: .noMatch, age: age)
  }

  /// Paytring: the body's `hash` (or an `x-paytring-signature` header), computed as its request hash is:
  /// an assumption (reference/paytring_enkash.md A5: the webhook's signature is not documented).
  public func paytring(_ capture: CapturedWebhook) -> Report {
    let age = Age.missing(header: "a timestamp (none is documented for Paytring)")
    guard case .object(let object)? = try? JSONParser.parse(capture.body) else {
      return Report(signature: .noMatch, age: age, dated: false)
    }
    guard
      let sent = capture.header("x-paytring-signature") ?? capture.header("x-webhook-signature")
        ?? object["hash"]?.scalarText
    else {
      return Report(signature: .missing(header: "hash (in the body) or x-paytring-signature"), age: age, dated: false)
    }
    func signs(_ secret: String) -> Bool {
      ConstantTime.equal(Array(PaytringHash.hash(object, secret: secret).utf8), Array(sent.lowercased().utf8))
    }
    if signs(key.secret) {
      return Report(
        signature: .matchesAssumed(
          "the hash covers only the body's top-level text and number values, joined by |: nested objects and "
            + "lists are not signed, and with no timestamp a replay cannot be told apart (an assumption: Paytring "
            + "does not document its webhook signature)"), age: age, dated: false)
    }
    if let other = others.first(where: { signs($0.secret) }) {
      return Report(signature: .otherKey(other.label), age: age, dated: false)
    }
    return Report(signature: .noMatch, age: age, dated: false)
  }

  func age(_ header: String?) -> Age {
    guard let header else { return .missing(header: "x-webhook-timestamp") }
    guard !header.isEmpty, header.count <= 16, header.utf8.allSatisfy({ (48...57).contains($0) }),
      let value = Int(header)
    else { return .unreadable(header) }
    if header.count <= 10 { return .seconds(header) }
    let age = nowMilliseconds - value
    return .age(milliseconds: age, inside: abs(age) <= windowMilliseconds)
  }
}
