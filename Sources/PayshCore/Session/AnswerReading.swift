import PayshJSON

/// An answer read before any gateway explains it: its body parsed, or what makes it no answer to a fetch.
///
/// A redirect (any 3xx: paysh never follows one), an empty body, a body that is not JSON, and JSON that is
/// neither an object nor an array (`null`, a number, a string, a boolean) are each an error the fetch's
/// line fails on (exit 3); the answer is still stored as evidence. Nothing is redacted in the body here:
/// only the redirect's target, which goes into the message, is.
struct AnswerReading {
  /// The parsed body, when it is an object or an array.
  var body: JSONValue?
  /// Why the answer is not one, with what to do about it.
  var problem: GatewayProblem?

  /// Reads an answer's status, headers and body bytes.
  init(status: Int, headers: [HTTPHeader], body bytes: [UInt8], redactor: Redactor) {
    if (300..<400).contains(status) {
      let target = headers.first("location").map { "to \(redactor.url($0))" } ?? "without a Location"
      problem = GatewayProblem(
        "HTTP \(status): a redirect \(target); paysh never follows redirects",
        hint: "the gateway answers from another address: check the base URL and environment (`env`, `use … --base-url`)"
      )
      return
    }
    if bytes.isEmpty {
      problem = GatewayProblem(
        "HTTP \(status) with an empty body: nothing to read",
        hint: "the gateway (or a proxy before it) sent no JSON; try again, and check the base URL (`env`)")
      return
    }
    let parsed: JSONValue
    do {
      parsed = try JSONParser.parse(bytes)
    } catch {
      problem = GatewayProblem(
        "the answer is not valid JSON: \(error)", hint: "a proxy or an error page may have answered; check `env`")
      return
    }
    switch parsed {
    case .object, .array:
      body = parsed
    case .null, .bool, .number, .string:
      problem = GatewayProblem(
        "HTTP \(status) with a body of JSON \(parsed.typeName), not an object or array",
        hint: "a gateway answers a fetch with a JSON object (an array for a list); check the base URL (`env`)")
    }
  }
}
