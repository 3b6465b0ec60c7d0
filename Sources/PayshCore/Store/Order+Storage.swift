/// The normalized order as the store keeps it: one compact JSON object, read back field for field.
extension Order {
  /// The order as JSON, every field present that has a value.
  var storageJSON: JSONValue {
    var members: [JSONObject.Member] = [
      .init("gateway", .string(gateway)), .init("environment", .string(environment)),
      .init("status", .string(status.rawValue)), .init("raw_status", .string(rawStatus)),
    ]
    func add(_ key: String, _ value: String?) {
      if let value { members.append(.init(key, .string(value))) }
    }
    func add(_ key: String, _ money: Money?) {
      guard let money else { return }
      members.append(
        .init(
          key,
          .object(
            JSONObject([
              .init("minor", .number(JSONNumber(money.minorUnits))), .init("currency", .string(money.currency)),
            ])
          )))
    }
    func add(_ key: String, _ time: Timestamp?) {
      guard let time else { return }
      members.append(
        .init(
          key, .object(JSONObject([.init("iso", .string(time.iso8601)), .init("assumed", .bool(time.assumedZone))]))))
    }
    add("merchant_order_id", merchantOrderID)
    add("gateway_order_id", gatewayOrderID)
    add("amount", amount)
    add("paid_amount", paidAmount)
    add("created_at", createdAt)
    add("updated_at", updatedAt)
    add("customer_id", customer.id)
    add("customer_name", customer.name)
    add("customer_email", customer.email)
    add("customer_phone", customer.phone)
    let rows = mapping.map { row in JSONValue.array([.string(row.field), .string(row.source), .string(row.rule)]) }
    members.append(.init("mapping", .array(rows)))
    return .object(JSONObject(members))
  }

  /// The order read back from `storageJSON`; nil when the text is not such an object.
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
      updatedAt: time("updated_at"),
      customer: Customer(
        id: json["customer_id"]?.stringValue, name: json["customer_name"]?.stringValue,
        email: json["customer_email"]?.stringValue, phone: json["customer_phone"]?.stringValue),
      mapping: mapping)
  }
}
