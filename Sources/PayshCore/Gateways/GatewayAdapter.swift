import PayshJSON

/// Everything an adapter needs to build one request.
public struct GatewayCall: Sendable {
  public var baseURL: String
  public var environment: String
  public var apiVersion: String
  public var credentials: Credentials
  /// A bearer token, for gateways that use one (EnKash).
  public var token: String?
  /// A request id to send (Cashfree `x-request-id`), so the gateway's logs can be matched.
  public var requestID: String

  public init(
    baseURL: String, environment: String, apiVersion: String, credentials: Credentials, token: String? = nil,
    requestID: String
  ) {
    self.baseURL = baseURL
    self.environment = environment
    self.apiVersion = apiVersion
    self.credentials = credentials
    self.token = token
    self.requestID = requestID
  }
}

/// A gateway's error answer, explained: one line and a hint.
public struct GatewayProblem: Sendable, Hashable {
  public var message: String
  public var hint: String
  /// True when the raw answer says more than the message: the hint then points at it, in words that fit
  /// whether it was printed (`hint(answerShown:number:)`).
  public var pointsAtAnswer: Bool

  public init(_ message: String, hint: String, pointsAtAnswer: Bool = false) {
    self.message = message
    self.hint = hint
    self.pointsAtAnswer = pointsAtAnswer
  }

  /// The hint for an answer stored as @`number`, pointing at the raw answer when it says more: above when
  /// it was printed, else how to print it (`fetch --summary`, `watch`).
  public func hint(answerShown: Bool, number: Int) -> String {
    guard pointsAtAnswer else { return hint }
    let pointer =
      answerShown
      ? "the raw answer is printed above (`show @\(number)` prints it again)"
      : "`show @\(number)` prints the raw answer"
    return hint.isEmpty ? pointer : "\(hint); \(pointer)"
  }

  /// The one wording of "the gateway does not know it", whatever the gateway and however it says so:
  /// `order X not found at Cashfree local (HTTP 404: order not found, code order_not_found)`.
  static func notFound(
    _ query: FetchQuery, at gateway: String, _ call: GatewayCall, status: Int, said: String, idNote: String = ""
  ) -> GatewayProblem {
    GatewayProblem(
      "\(query) not found at \(gateway) \(call.environment) (HTTP \(status)\(said.isEmpty ? "" : ": \(said)"))",
      hint:
        "check the id\(idNote), and that it was created in \(call.environment) (sandbox and production are separate)")
  }

  /// The problem with what a 429's declined wait says added: how long the gateway asked to wait, and
  /// what to do.
  func noting(_ declined: Exchange.DeclinedWait?) -> GatewayProblem {
    guard let declined else { return self }
    let asked = (declined.milliseconds + 999) / 1000
    var noted = self
    noted.message +=
      " (the gateway asked to wait \(asked) s, more than is left of the fetch's \(declined.deadlineSeconds) s deadline)"
    noted.hint =
      "fetch again in \(asked) s, or let a fetch wait longer: \(FetchDeadline.variable)=SECONDS (at most \(FetchDeadline.longestSeconds))"
    return noted
  }
}

/// One payment gateway's API: hosts, credentials, how to ask for an order, and how to read the answer.
public protocol GatewayAdapter: Sendable {
  /// `cashfree`, `paytring`, `enkash`.
  var name: String { get }
  /// The credentials `auth` must find.
  var credentialFields: [CredentialField] { get }
  /// The API version used when `use --version` does not name one.
  var defaultVersion: String { get }
  /// The base URL of `environment` (`sandbox`, `production`); `local` is supplied by the simulator.
  func baseURL(for environment: String) -> String?
  /// The base URL for the simulator running at `root` (`http://127.0.0.1:PORT`).
  func localBaseURL(root: String) -> String
  /// The queries this gateway can answer, checked before any request is built.
  func supports(_ query: FetchQuery) -> Bool
  /// The HTTP request for `query`.
  func request(for query: FetchQuery, _ call: GatewayCall) throws -> OutgoingRequest
  /// The normalized order in `body`, when the resource is an order.
  func normalize(_ body: JSONValue, query: FetchQuery, environment: String) -> Order?
  /// An explanation of an error answer (HTTP status ≥ 400, or a success status carrying a failure).
  func problem(status: Int, body: JSONValue?, call: GatewayCall, query: FetchQuery) -> GatewayProblem?
  /// The normalized parts (payment attempts, refunds) in the answer `body` to a fetch of `resource`
  /// (`payments`, `payment`, `refunds`, `refund`); nil when it holds none this adapter normalizes.
  func parts(_ body: JSONValue, resource: String) -> OrderParts?
  /// What `case ORDER` fetches, all at once: the order and every part this gateway offers apart from it.
  func caseQueries(order: String) -> [FetchQuery]
}

extension GatewayAdapter {
  public func parts(_ body: JSONValue, resource: String) -> OrderParts? { nil }
  /// The order alone: its answer carries the attempt (Paytring, EnKash).
  public func caseQueries(order: String) -> [FetchQuery] { [.order(order)] }
}

/// The adapters by name.
public enum GatewayCatalog {
  /// Every gateway's credential fields by gateway name: what the redactor needs to know which held
  /// values are secret.
  public static let credentialFields: [String: [CredentialField]] = {
    var fields: [String: [CredentialField]] = [:]
    for name in Gateways.names {
      if let adapter = adapter(named: name) { fields[name] = adapter.credentialFields }
    }
    return fields
  }()

  public static func adapter(named name: String) -> (any GatewayAdapter)? {
    switch name {
    case "cashfree": CashfreeAdapter()
    case "paytring": PaytringAdapter()
    case "enkash": EnKashAdapter()
    default: nil
    }
  }
}
