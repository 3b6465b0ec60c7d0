/// One payment attempt on an order, as paysh sees it whatever the gateway, beside the raw answer.
///
/// Every field says where it came from in `mapping` (as `Order.mapping` does), so `show --mapping` can
/// explain each column of the payments table.
public struct Payment: Sendable, Hashable {
  /// Why an attempt failed, in the gateway's words.
  public struct Failure: Sendable, Hashable {
    public var code: String?
    public var description: String?
    public var reason: String?
    /// Who the gateway blames: `customer`, `bank`, `gateway`, `merchant`.
    public var source: String?

    public init(code: String? = nil, description: String? = nil, reason: String? = nil, source: String? = nil) {
      self.code = code
      self.description = description
      self.reason = reason
      self.source = source
    }

    public var isEmpty: Bool { code == nil && description == nil && reason == nil && source == nil }
  }

  /// The gateway's id of this attempt (Cashfree `cf_payment_id`).
  public var gatewayPaymentID: String?
  public var status: PaymentStatus
  /// The gateway's status word, exactly as sent.
  public var rawStatus: String
  public var amount: Money?
  /// How the customer paid: `upi`, `card`, `netbanking`, `wallet`, `app`, `emi`, `paylater`, … as the gateway
  /// names it, lower case.
  public var method: String?
  /// The instrument, masked: `visa •••• 1111`, a UPI id, a bank's name.
  public var instrument: String?
  /// The bank's reference (UTR for UPI and net banking).
  public var bankReference: String?
  public var authID: String?
  public var time: Timestamp?
  public var failure: Failure
  /// The offer applied to this attempt (its id or title), which may make it less than the order.
  public var offer: String?
  /// A surcharge the customer paid on top (service charge and its tax), which may make it more.
  public var surcharge: Money?
  public var mapping: [Order.FieldMapping]

  public init(
    gatewayPaymentID: String? = nil, status: PaymentStatus, rawStatus: String, amount: Money? = nil,
    method: String? = nil, instrument: String? = nil, bankReference: String? = nil, authID: String? = nil,
    time: Timestamp? = nil, failure: Failure = Failure(), offer: String? = nil, surcharge: Money? = nil,
    mapping: [Order.FieldMapping] = []
  ) {
    self.gatewayPaymentID = gatewayPaymentID
    self.status = status
    self.rawStatus = rawStatus
    self.amount = amount
    self.method = method
    self.instrument = instrument
    self.bankReference = bankReference
    self.authID = authID
    self.time = time
    self.failure = failure
    self.offer = offer
    self.surcharge = surcharge
    self.mapping = mapping
  }
}

/// A payment attempt's status in paysh's words, the same for every gateway.
public enum PaymentStatus: String, Sendable, Hashable, CaseIterable {
  /// Money was taken.
  case success
  case failed
  /// Waiting on the bank or the customer.
  case pending
  /// The customer left before finishing.
  case dropped
  case cancelled
  /// Authorised, then released without capture.
  case void
  /// Started but never sent to the bank.
  case notAttempted = "not_attempted"
  case unknown
}
