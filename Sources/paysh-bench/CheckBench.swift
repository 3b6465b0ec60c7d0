import PayshCore
import PayshJSON

/// `paysh-bench cases N STORE`: one session of N Cashfree cases, each four answers as `case` stores them (the
/// order PAID; 3 attempts, FAILED, USER_DROPPED, SUCCESS; 2 refunds, SUCCESS and PENDING; a settlement), every
/// tenth with an anomaly (a second SUCCESS attempt) so the rules have something to say.
/// `paysh-bench check STORE RUNS`: what `check` with no order does on that session, RUNS times in-process:
/// read every snapshot, build each case, run every rule. Prints per run: total seconds, the part spent
/// reading the store, and the cases.
enum CheckBench {
  static func answers(_ index: Int) -> [(String, String)] {
    let order = "case_\(index)"
    let day = "2025-01-15T"
    func payment(_ id: Int, _ status: String, _ time: String) -> String {
      """
      {"cf_payment_id":"\(id)","order_id":"\(order)","entity":"payment","payment_currency":"INR",\
      "error_details":\(status == "SUCCESS" ? "null" : "{\"error_code\":\"TRANSACTION_DECLINED\",\"error_description\":\"declined\",\"error_reason\":\"auth_declined\",\"error_source\":\"customer\"}"),\
      "order_amount":1500,"order_currency":"INR","is_captured":\(status == "SUCCESS"),"payment_group":"upi",\
      "payment_method":{"upi":{"channel":"collect","upi_id":"customer@upi"}},"payment_amount":1500,\
      "payment_time":"\(day)\(time)+05:30","payment_completion_time":"\(day)\(time)+05:30",\
      "payment_status":"\(status)","payment_message":"x","bank_reference":"\(status == "SUCCESS" ? "SIM\(id)" : "")",\
      "auth_id":"","payment_surcharge":{"payment_surcharge_service_charge":0,"payment_surcharge_service_tax":0}}
      """
    }
    func refund(_ id: Int, _ status: String, _ amount: String) -> String {
      """
      {"cf_payment_id":"\(index * 10 + 3)","cf_refund_id":"\(id)","refund_id":"refund_\(id)","order_id":"\(order)",\
      "entity":"refund","refund_amount":\(amount),"refund_currency":"INR","refund_status":"\(status)",\
      "refund_type":"MERCHANT_INITIATED","refund_arn":"\(status == "SUCCESS" ? "ARN\(id)" : "")",\
      "created_at":"\(day)12:00:00+05:30","processed_at":"\(status == "SUCCESS" ? "\(day)12:05:00+05:30" : "")"}
      """
    }
    let second = index % 10 == 0 ? "SUCCESS" : "USER_DROPPED"
    return [
      (
        "order",
        """
        {"cf_order_id":"\(5_000_000_000 + index)","created_at":"\(day)10:00:00+05:30","customer_details":\
        {"customer_id":"c1","customer_name":"Asha Verma","customer_email":"asha@example.com",\
        "customer_phone":"9812345678"},"entity":"order","order_amount":1500,"order_currency":"INR",\
        "order_expiry_time":"2025-02-14T10:00:00+05:30","order_id":"\(order)","order_status":"PAID"}
        """
      ),
      (
        "payments",
        "[" + payment(index * 10 + 1, "FAILED", "10:01:00") + "," + payment(index * 10 + 2, second, "10:02:00")
          + "," + payment(index * 10 + 3, "SUCCESS", "10:03:00") + "]"
      ),
      (
        "refunds", "[" + refund(index * 10 + 4, "SUCCESS", "500") + "," + refund(index * 10 + 5, "PENDING", "200") + "]"
      ),
      (
        "settlements",
        """
        {"cf_payment_id":"\(index * 10 + 3)","order_id":"\(order)","entity":"settlement","order_amount":1500,\
        "order_currency":"INR","payment_time":"\(day)10:03:00+05:30","service_charge":30,"service_tax":5.4,\
        "settlement_amount":1464.6,"settlement_currency":"INR","cf_settlement_id":"\(index)",\
        "transfer_time":"2025-01-16T10:00:00+05:30","transfer_utr":"UTR\(index)"}
        """
      ),
    ]
  }

  static func snapshots(count: Int) -> [Snapshot] {
    let adapter = GatewayCatalog.adapter(named: "cashfree")!
    return (0..<count).flatMap { index in
      answers(index).map { resource, body in
        let bytes = Array(body.utf8)
        let order =
          resource == "order"
          ? (try? JSONParser.parse(bytes)).flatMap {
            adapter.normalize($0, query: .order("case_\(index)"), environment: "local")
          } : nil
        return Snapshot(
          number: 0, gateway: "cashfree", environment: "local", apiVersion: "2025-01-01", resource: resource,
          orderID: "case_\(index)", method: "GET", url: "http://127.0.0.1:8089/pg/orders/case_\(index)",
          requestHeaders: [HTTPHeader("x-client-secret", "[redacted]")], requestBody: nil, status: 200,
          responseHeaders: [HTTPHeader("date", "Wed, 15 Jan 2025 07:00:00 GMT")], body: bytes,
          fetchedAt: "2025-01-15T07:00:00.000Z", latencyMicroseconds: 50_000, retries: [], order: order)
      }
    }
  }

  /// One `check` of every order in the newest session of `path`, run as the command (text output into a
  /// buffer), and the engine alone (read, build, judge): (command seconds, engine seconds, seconds reading,
  /// cases, verdicts).
  static func check(_ path: String) async throws -> (Double, Double, Double, Int, Int) {
    let shell = Interpreter(output: BufferedOutput())
    let log = StoredSnapshotLog(path: path)
    shell.services.snapshots = log
    guard let newest = try log.store().sessions().last else { fail("the store has no session") }
    try log.use(session: newest.id)
    let commandStart = seconds()
    guard await shell.run(line: "check") == .ok else { fail("check failed") }
    let command = seconds() - commandStart

    let start = seconds()
    let all = try log.caseAnswers(orderID: nil)
    let read = seconds()
    let groups = Dictionary(grouping: consume all) { $0.orderID }
    let inputs = groups.map { CaseInput(gateway: "cashfree", orderID: $0.key, answers: $0.value) }
    let reports = await CheckRules.reports(consume inputs, thresholds: CheckThresholds())
    let verdicts = reports.reduce(0) { $0 + $1.verdicts.count }
    return (command, seconds() - start, read - start, reports.count, verdicts)
  }
}
