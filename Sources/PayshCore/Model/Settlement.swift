/// The settlement of an order's payment: what the merchant's bank account received, and what was kept
/// back, all in minor units; every field says where it came from in `mapping`.
public struct Settlement: Sendable, Hashable {
  /// The gateway's settlement id (Cashfree `cf_settlement_id`).
  public var settlementID: String?
  /// The bank transfer's UTR.
  public var utr: String?
  /// The payment settled (Cashfree `cf_payment_id`).
  public var paymentID: String?
  /// What the payment brought in (Cashfree `order_amount` here; `payment_amount` in its webhook).
  public var paymentAmount: Money?
  public var serviceCharge: Money?
  public var serviceTax: Money?
  /// What was added or taken back besides charges and tax (absent: none stated).
  public var adjustment: Money?
  public var settlementAmount: Money?
  /// When the transfer was made.
  public var settledOn: Timestamp?
  public var mapping: [Order.FieldMapping]

  public init(
    settlementID: String? = nil, utr: String? = nil, paymentID: String? = nil, paymentAmount: Money? = nil,
    serviceCharge: Money? = nil, serviceTax: Money? = nil, adjustment: Money? = nil, settlementAmount: Money? = nil,
    settledOn: Timestamp? = nil, mapping: [Order.FieldMapping] = []
  ) {
    self.settlementID = settlementID
    self.utr = utr
    self.paymentID = paymentID
    self.paymentAmount = paymentAmount
    self.serviceCharge = serviceCharge
    self.serviceTax = serviceTax
    self.adjustment = adjustment
    self.settlementAmount = settlementAmount
    self.settledOn = settledOn
    self.mapping = mapping
  }
}
