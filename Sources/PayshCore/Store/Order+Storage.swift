import PayshJSON

/// The normalized order as the store keeps it: one compact JSON object, read back field for field.
extension Order {
  /// The order as compact JSON text, every field present that has a value. Written straight into bytes,
  /// with no `JSONValue` tree in between: it is made for every fetch, inside the snapshot's commit.
  var storageText: String {
    var out = JSONOutput(colour: false, capacity: 1024)
    var first = true
    func key(_ name: String) {
      out.byte(first ? UInt8(ascii: "{") : UInt8(ascii: ","))
      first = false
      out.quoted(name)
      out.byte(UInt8(ascii: ":"))
    }
    func add(_ name: String, _ value: String?) {
      guard let value else { return }
      key(name)
      out.quoted(value)
    }
    func add(_ name: String, _ money: Money?) {
      guard let money else { return }
      key(name)
      out.raw("{\"minor\":\(money.minorUnits),\"currency\":")
      out.quoted(money.currency)
      out.byte(UInt8(ascii: "}"))
    }
    func add(_ name: String, _ time: Timestamp?) {
      guard let time else { return }
      key(name)
      out.raw("{\"iso\":")
      out.quoted(time.iso8601)
      out.raw(time.assumedZone ? ",\"assumed\":true}" : ",\"assumed\":false}")
    }
    add("gateway", gateway)
    add("environment", environment)
    add("status", status.rawValue)
    add("raw_status", rawStatus)
    add("merchant_order_id", merchantOrderID)
    add("gateway_order_id", gatewayOrderID)
    add("amount", amount)
    add("paid_amount", paidAmount)
    add("created_at", createdAt)
    add("updated_at", updatedAt)
    add("expires_at", expiresAt)
    add("customer_id", customer.id)
    add("customer_name", customer.name)
    add("customer_email", customer.email)
    add("customer_phone", customer.phone)
    key("mapping")
    out.array(mapping) { $0.strings([$1.field, $1.source, $1.rule]) }
    out.byte(UInt8(ascii: "}"))
    return out.string
  }

  /// The order read back from `storageText`; nil when the text is not such an object.
  init?(storage text: String) {
    guard let json = try? JSONParser.parse(text), let gateway = json["gateway"]?.stringValue,
      let environment = json["environment"]?.stringValue, let statusText = json["status"]?.stringValue,
      let rawStatus = json["raw_status"]?.stringValue
    else { return nil }
    func money(_ key: String) -> Money? {
      guard let value = json[key], let minor = value["minor"]?.numberValue?.intValue,
        let currency = value["currency"]?.stringValue
      else { return nil }
      return Money(minorUnits: minor, currency: currency)
    }
    func time(_ key: String) -> Timestamp? {
      guard let value = json[key], let iso = value["iso"]?.stringValue else { return nil }
      return Timestamp(iso8601: iso, assumedZone: value["assumed"] == .bool(true))
    }
    var mapping: [FieldMapping] = []
    if case .array(let rows) = json["mapping"] ?? .null {
      for row in rows {
        if let field = row[0]?.stringValue, let source = row[1]?.stringValue, let rule = row[2]?.stringValue {
          mapping.append(FieldMapping(field, from: source, rule))
        }
      }
    }
    self.init(
      gateway: gateway, environment: environment, merchantOrderID: json["merchant_order_id"]?.stringValue,
      gatewayOrderID: json["gateway_order_id"]?.stringValue, amount: money("amount"), paidAmount: money("paid_amount"),
      status: OrderStatus(rawValue: statusText) ?? .unknown, rawStatus: rawStatus, createdAt: time("created_at"),
      updatedAt: time("updated_at"), expiresAt: time("expires_at"),
      customer: Customer(
        id: json["customer_id"]?.stringValue, name: json["customer_name"]?.stringValue,
        email: json["customer_email"]?.stringValue, phone: json["customer_phone"]?.stringValue),
      mapping: mapping)
  }
}
