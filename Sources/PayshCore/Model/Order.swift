/// One order as paysh sees it, whatever the gateway: the normalized view beside the raw response.
///
/// Every field says where it came from in `mapping`, so `show --mapping` can explain it.
public struct Order: Sendable, Hashable {
  /// How one normalized field was derived: the raw path it was read from and what was done to it.
  public struct FieldMapping: Sendable, Hashable {
    public var field: String
    public var source: String
    public var rule: String

    public init(_ field: String, from source: String, _ rule: String) {
      self.field = field
      self.source = source
      self.rule = rule
    }
  }

  /// A customer as the gateway describes them.
  public struct Customer: Sendable, Hashable {
    public var id: String?
    public var name: String?
    public var email: String?
    public var phone: String?

    public init(id: String? = nil, name: String? = nil, email: String? = nil, phone: String? = nil) {
      self.id = id
      self.name = name
      self.email = email
      self.phone = phone
    }

    public var isEmpty: Bool { id == nil && name == nil && email == nil && phone == nil }
  }

  public var gateway: String
  public var environment: String
  /// The merchant's order id (Cashfree `order_id`, Paytring `receipt_id`, EnKash `partnerOrderReferenceId`).
  public var merchantOrderID: String?
  /// The gateway's own id (Cashfree `cf_order_id`, Paytring `order_id`, EnKash `orderId`).
  public var gatewayOrderID: String?
  public var amount: Money?
  public var paidAmount: Money?
  public var status: OrderStatus
  /// The gateway's status word, exactly as sent.
  public var rawStatus: String
  /// ISO-8601 with an offset; gateways that send local IST times get `+05:30` stated.
  public var createdAt: Timestamp?
  public var updatedAt: Timestamp?
  /// When the order stops taking new attempts (Cashfree `order_expiry_time`).
  public var expiresAt: Timestamp?
  public var customer: Customer
  public var mapping: [FieldMapping]

  public init(
    gateway: String, environment: String, merchantOrderID: String? = nil, gatewayOrderID: String? = nil,
    amount: Money? = nil, paidAmount: Money? = nil, status: OrderStatus, rawStatus: String,
    createdAt: Timestamp? = nil, updatedAt: Timestamp? = nil, expiresAt: Timestamp? = nil,
    customer: Customer = Customer(),
    mapping: [FieldMapping] = []
  ) {
    self.gateway = gateway
    self.environment = environment
    self.merchantOrderID = merchantOrderID
    self.gatewayOrderID = gatewayOrderID
    self.amount = amount
    self.paidAmount = paidAmount
    self.status = status
    self.rawStatus = rawStatus
    self.createdAt = createdAt
    self.updatedAt = updatedAt
    self.expiresAt = expiresAt
    self.customer = customer
    self.mapping = mapping
  }
}
