/// The normalized side of a diff: what a support engineer asks first (status, amounts, times), read from
/// the `Order` each snapshot holds, so it compares across API versions and across gateways.
public struct OrderDiff: Sendable, Hashable {
  /// One normalized field that differs.
  public struct Change: Sendable, Hashable {
    /// The field's name as shown: `status`, `amount`, `paid amount`, `updated`, …
    public var field: String
    /// The value before, as shown; nil when the field was absent.
    public var old: String?
    public var new: String?
    /// Extra words, e.g. the gateway's own status words (`ACTIVE → PAID`).
    public var detail: String?

    public init(field: String, old: String?, new: String?, detail: String? = nil) {
      self.field = field
      self.old = old
      self.new = new
      self.detail = detail
    }
  }

  /// The normalized fields that differ between two snapshots, in a fixed order.
  public static func changes(from old: Snapshot, to new: Snapshot) -> [Change] {
    var changes: [Change] = []
    func compare(_ field: String, _ a: String?, _ b: String?, detail: String? = nil) {
      if a != b { changes.append(Change(field: field, old: a, new: b, detail: detail)) }
    }
    compare("gateway", old.gateway, new.gateway)
    compare("environment", old.environment, new.environment)
    compare("api version", old.apiVersion.isEmpty ? nil : old.apiVersion, new.apiVersion.isEmpty ? nil : new.apiVersion)
    compare("http", String(old.status), String(new.status))
    let a = old.order
    let b = new.order
    if (a == nil) != (b == nil) {
      compare("order", a == nil ? nil : "read", b == nil ? nil : "read")
    }
    if a?.status != b?.status || a?.rawStatus != b?.rawStatus {
      let detail = a?.rawStatus != b?.rawStatus ? "\(a?.rawStatus ?? "–") → \(b?.rawStatus ?? "–")" : nil
      changes.append(Change(field: "status", old: a?.status.rawValue, new: b?.status.rawValue, detail: detail))
    }
    compare("amount", a?.amount?.description, b?.amount?.description)
    compare("paid amount", a?.paidAmount?.description, b?.paidAmount?.description)
    compare("merchant order id", a?.merchantOrderID, b?.merchantOrderID)
    compare("gateway order id", a?.gatewayOrderID, b?.gatewayOrderID)
    compare("created", a?.createdAt?.description, b?.createdAt?.description)
    compare("updated", a?.updatedAt?.description, b?.updatedAt?.description)
    compare("customer id", a?.customer.id, b?.customer.id)
    compare("customer name", a?.customer.name, b?.customer.name)
    compare("customer email", a?.customer.email, b?.customer.email)
    compare("customer phone", a?.customer.phone, b?.customer.phone)
    return changes
  }
}
