#if canImport(Glibc)
import Glibc
#endif

/// How an `CaseReading` is kept in the `answer_parts` table: one compact record a snapshot, written in the
/// snapshot's own commit, so `check` of a session reads rows instead of parsing and normalizing every answer.
///
/// The record is a run of length-prefixed fields (`5:hello`, `-` for none), written and read by hand: JSON
/// would put back the parse this table exists to avoid (measured in docs/ARCHITECTURE.md, "Cases and
/// checks"), and a length prefix needs no escaping, so any byte a gateway sent round-trips. A record that
/// does not read back whole (a damaged or crafted row) is not trusted: the case is then read from the body.
extension CaseReading {
  /// The record's first field: its layout. A record of another layout is read from the body instead.
  static let storageLayout = "1"

  var storageBytes: [UInt8] {
    var out = RecordWriter()
    out.text(CaseReading.storageLayout)
    out.text(date)
    out.order(order)
    switch parts {
    case .notJSON: out.text("notjson")
    case .unreadable: out.text("unreadable")
    case .nothingYet: out.text("nothingyet")
    case .read(let found, let listed):
      switch found {
      case .payments(let payments):
        out.text(listed ? "payments[]" : "payments")
        out.int(payments.count)
        for payment in payments { out.payment(payment) }
      case .refunds(let refunds):
        out.text(listed ? "refunds[]" : "refunds")
        out.int(refunds.count)
        for refund in refunds { out.refund(refund) }
      case .settlement(let settlement):
        out.text(listed ? "settlement[]" : "settlement")
        out.settlement(settlement)
      }
    }
    return out.bytes
  }

  /// The reading a record holds; nil when it is not one this paysh wrote whole.
  init?(storage bytes: [UInt8], mappings: inout MappingCache) {
    var reader = RecordReader(bytes: bytes, mappings: mappings)
    defer { mappings = reader.mappings }
    guard reader.required() == CaseReading.storageLayout, let date = reader.text(), let order = reader.order(),
      let kind = reader.required()
    else { return nil }
    let parts: AnswerParts
    switch kind {
    case "notjson": parts = .notJSON
    case "unreadable": parts = .unreadable
    case "nothingyet": parts = .nothingYet
    case "payments", "payments[]":
      guard let payments = reader.list({ $0.payment() }) else { return nil }
      parts = .read(.payments(payments), listed: kind.hasSuffix("[]"))
    case "refunds", "refunds[]":
      guard let refunds = reader.list({ $0.refund() }) else { return nil }
      parts = .read(.refunds(refunds), listed: kind.hasSuffix("[]"))
    case "settlement", "settlement[]":
      guard let settlement = reader.settlement() else { return nil }
      parts = .read(.settlement(settlement), listed: kind.hasSuffix("[]"))
    default: return nil
    }
    guard reader.atEnd else { return nil }
    self.init(order: order, parts: parts, date: date)
  }
}

/// Mappings already read, by their record bytes: every payment of a gateway has nearly the same mapping, and
/// sharing one array keeps reading 10,000 cases from making 100,000 of them. A few kinds recur (an order's,
/// a payment's, a refund's, a settlement's of each gateway), so a short list compared byte for byte, the last
/// one found first, beats hashing each record's mapping (7% of `check` when it was a dictionary).
struct MappingCache {
  private var known: [(bytes: [UInt8], mapping: [Order.FieldMapping])] = []
  private var last = 0
  static let capacity = 16

  /// The mapping kept for `bytes`, if any.
  mutating func mapping(_ bytes: ArraySlice<UInt8>) -> [Order.FieldMapping]? {
    for step in 0..<known.count {
      let index = (last + step) % known.count
      if MappingCache.same(known[index].bytes, bytes) {
        last = index
        return known[index].mapping
      }
    }
    return nil
  }

  /// Byte for byte, with memcmp: an order's mapping names its own ids, so most of them are compared and missed.
  static func same(_ a: [UInt8], _ b: ArraySlice<UInt8>) -> Bool {
    guard a.count == b.count else { return false }
    guard !a.isEmpty else { return true }
    return a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 }
    }
  }

  mutating func keep(_ bytes: ArraySlice<UInt8>, _ mapping: [Order.FieldMapping]) {
    guard known.count < MappingCache.capacity else { return }
    known.append((Array(bytes), mapping))
    last = known.count - 1
  }
}

private struct RecordWriter {
  var bytes: [UInt8] = []

  init() { bytes.reserveCapacity(512) }

  mutating func text(_ value: String?) {
    guard let value else { return bytes.append(UInt8(ascii: "-")) }
    field(Array(value.utf8))
  }

  mutating func int(_ value: Int?) { text(value.map { String($0) }) }

  mutating func money(_ value: Money?) {
    text(value?.currency)
    if let value { int(value.minorUnits) }
  }

  mutating func time(_ value: Timestamp?) {
    text(value?.iso8601)
    if let value { text(value.assumedZone ? "assumed" : "stated") }
  }

  /// The mapping as one field holding its own record, so a reader can share equal ones by their bytes.
  mutating func mapping(_ mapping: [Order.FieldMapping]) {
    var inner = RecordWriter()
    inner.int(mapping.count)
    for entry in mapping {
      inner.text(entry.field)
      inner.text(entry.source)
      inner.text(entry.rule)
    }
    field(inner.bytes)
  }

  mutating func field(_ value: [UInt8]) {
    bytes.append(contentsOf: String(value.count).utf8)
    bytes.append(UInt8(ascii: ":"))
    bytes.append(contentsOf: value)
  }

  /// An order: `-`, or `order` and its fields.
  mutating func order(_ order: Order?) {
    guard let order else { return text(nil) }
    text("order")
    text(order.gateway)
    text(order.environment)
    text(order.merchantOrderID)
    text(order.gatewayOrderID)
    money(order.amount)
    money(order.paidAmount)
    text(order.status.rawValue)
    text(order.rawStatus)
    time(order.createdAt)
    time(order.updatedAt)
    time(order.expiresAt)
    text(order.customer.id)
    text(order.customer.name)
    text(order.customer.email)
    text(order.customer.phone)
    mapping(order.mapping)
  }

  mutating func payment(_ payment: Payment) {
    text(payment.gatewayPaymentID)
    text(payment.status.rawValue)
    text(payment.rawStatus)
    money(payment.amount)
    text(payment.method)
    text(payment.instrument)
    text(payment.bankReference)
    text(payment.authID)
    time(payment.time)
    text(payment.failure.code)
    text(payment.failure.description)
    text(payment.failure.reason)
    text(payment.failure.source)
    text(payment.offer)
    money(payment.surcharge)
    mapping(payment.mapping)
  }

  mutating func refund(_ refund: Refund) {
    text(refund.refundID)
    text(refund.gatewayRefundID)
    text(refund.paymentID)
    text(refund.status.rawValue)
    text(refund.rawStatus)
    money(refund.amount)
    text(refund.arn)
    text(refund.type)
    time(refund.createdAt)
    time(refund.processedAt)
    mapping(refund.mapping)
  }

  mutating func settlement(_ settlement: Settlement) {
    text(settlement.settlementID)
    text(settlement.utr)
    text(settlement.paymentID)
    money(settlement.paymentAmount)
    money(settlement.serviceCharge)
    money(settlement.serviceTax)
    money(settlement.adjustment)
    money(settlement.settlementAmount)
    time(settlement.settledOn)
    mapping(settlement.mapping)
  }
}

/// Reads what `RecordWriter` wrote. Every read is nil (outer) when the record is not whole: a missing field,
/// a length past the end, a number that is not one.
private struct RecordReader {
  let bytes: [UInt8]
  var at = 0
  var mappings: MappingCache

  init(bytes: [UInt8], mappings: MappingCache) {
    self.bytes = bytes
    self.mappings = mappings
  }

  var atEnd: Bool { at == bytes.count }

  /// The next field's bytes: `.some(nil)` for `-`, nil when the record ends or is malformed.
  mutating func field() -> ArraySlice<UInt8>?? {
    guard at < bytes.count else { return nil }
    if bytes[at] == UInt8(ascii: "-") {
      at += 1
      return .some(nil)
    }
    var length = 0
    var digits = 0
    while at < bytes.count, bytes[at] != UInt8(ascii: ":") {
      let digit = Int(bytes[at]) - 48
      guard (0...9).contains(digit), digits < 9 else { return nil }
      length = length * 10 + digit
      digits += 1
      at += 1
    }
    guard digits > 0, at < bytes.count, bytes.count - at - 1 >= length else { return nil }
    let start = at + 1
    at = start + length
    return .some(bytes[start..<at])
  }

  mutating func text() -> String?? {
    guard let field = field() else { return nil }
    return .some(field.map { String(decoding: $0, as: UTF8.self) })
  }

  /// A text that must be there.
  mutating func required() -> String? { text() ?? nil }

  mutating func int() -> Int?? {
    guard let text = text() else { return nil }
    guard let text else { return .some(nil) }
    guard let value = Int(text) else { return nil }
    return .some(value)
  }

  /// A count, then that many items read by `item`; nil when any is not whole.
  mutating func list<Item>(_ item: (inout RecordReader) -> Item?) -> [Item]? {
    guard let count = count() else { return nil }
    var items: [Item] = []
    items.reserveCapacity(count)
    for _ in 0..<count {
      guard let next = item(&self) else { return nil }
      items.append(next)
    }
    return items
  }

  mutating func count() -> Int? {
    guard let value = int() ?? nil, (0...100_000).contains(value) else { return nil }
    return value
  }

  mutating func money() -> Money?? {
    guard let currency = text() else { return nil }
    guard let currency else { return .some(nil) }
    guard let minor = int() ?? nil else { return nil }
    return .some(Money(minorUnits: minor, currency: currency))
  }

  mutating func time() -> Timestamp?? {
    guard let iso = text() else { return nil }
    guard let iso else { return .some(nil) }
    guard let zone = required(), zone == "assumed" || zone == "stated" else { return nil }
    return .some(Timestamp(iso8601: iso, assumedZone: zone == "assumed"))
  }

  mutating func mapping() -> [Order.FieldMapping]? {
    guard let field = field() ?? nil else { return nil }
    if let known = mappings.mapping(field) { return known }
    var inner = RecordReader(bytes: Array(field), mappings: MappingCache())
    guard let count = inner.count() else { return nil }
    var mapping: [Order.FieldMapping] = []
    mapping.reserveCapacity(count)
    for _ in 0..<count {
      guard let name = inner.required(), let source = inner.required(), let rule = inner.required() else {
        return nil
      }
      mapping.append(Order.FieldMapping(name, from: source, rule))
    }
    guard inner.atEnd else { return nil }
    mappings.keep(field, mapping)
    return mapping
  }

  mutating func order() -> Order?? {
    guard let marker = text() else { return nil }
    guard marker != nil else { return .some(nil) }
    guard marker == "order", let gateway = required(), let environment = required(), let merchantID = text(),
      let gatewayID = text(), let amount = money(), let paid = money(), let statusText = required(),
      let status = OrderStatus(rawValue: statusText), let raw = required(), let created = time(),
      let updated = time(), let expires = time(), let customerID = text(), let name = text(), let email = text(),
      let phone = text(), let mapping = mapping()
    else { return nil }
    return .some(
      Order(
        gateway: gateway, environment: environment, merchantOrderID: merchantID, gatewayOrderID: gatewayID,
        amount: amount, paidAmount: paid, status: status, rawStatus: raw, createdAt: created, updatedAt: updated,
        expiresAt: expires, customer: Order.Customer(id: customerID, name: name, email: email, phone: phone),
        mapping: mapping))
  }

  mutating func payment() -> Payment? {
    guard let id = text(), let statusText = required(), let status = PaymentStatus(rawValue: statusText),
      let raw = required(), let amount = money(), let method = text(), let instrument = text(),
      let bankReference = text(), let authID = text(), let time = time(), let code = text(),
      let description = text(), let reason = text(), let source = text(), let offer = text(),
      let surcharge = money(), let mapping = mapping()
    else { return nil }
    return Payment(
      gatewayPaymentID: id, status: status, rawStatus: raw, amount: amount, method: method, instrument: instrument,
      bankReference: bankReference, authID: authID, time: time,
      failure: Payment.Failure(code: code, description: description, reason: reason, source: source), offer: offer,
      surcharge: surcharge, mapping: mapping)
  }

  mutating func refund() -> Refund? {
    guard let refundID = text(), let gatewayRefundID = text(), let paymentID = text(),
      let statusText = required(), let status = RefundStatus(rawValue: statusText), let raw = required(),
      let amount = money(), let arn = text(), let type = text(), let created = time(), let processed = time(),
      let mapping = mapping()
    else { return nil }
    return Refund(
      refundID: refundID, gatewayRefundID: gatewayRefundID, paymentID: paymentID, status: status, rawStatus: raw,
      amount: amount, arn: arn, type: type, createdAt: created, processedAt: processed, mapping: mapping)
  }

  mutating func settlement() -> Settlement? {
    guard let id = text(), let utr = text(), let paymentID = text(), let paymentAmount = money(),
      let serviceCharge = money(), let serviceTax = money(), let adjustment = money(),
      let settlementAmount = money(), let settledOn = time(), let mapping = mapping()
    else { return nil }
    return Settlement(
      settlementID: id, utr: utr, paymentID: paymentID, paymentAmount: paymentAmount, serviceCharge: serviceCharge,
      serviceTax: serviceTax, adjustment: adjustment, settlementAmount: settlementAmount, settledOn: settledOn,
      mapping: mapping)
  }
}
