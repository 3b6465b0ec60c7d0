import AsyncHTTPClient
import PayshJSON
import PayshSimulator
import Testing

/// The faults that answer with something a fetch cannot use: a redirect, and a 200 with a chosen body.
@Suite struct AnswerFaultTests {
  /// A GET with redirects not followed, so the redirect itself is seen.
  func get(_ sim: SimHarness, _ path: String) async throws -> (status: Int, location: String?, body: String) {
    let client = HTTPClient(
      eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
    defer { _ = client.shutdown() }
    let (url, headers) = SimHarness.cashfreeRequest(path)
    var request = HTTPClientRequest(url: sim.simulator.baseURL + url)
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    let response = try await client.execute(request, timeout: .seconds(10))
    let body = try await response.body.collect(upTo: 1024 * 1024)
    return (Int(response.status.code), response.headers.first(name: "location"), String(buffer: body))
  }

  @Test func aRedirectPointsElsewhere() async throws {
    try await SimHarness.with { sim in
      let fault: JSONValue = .obj([
        "gateway": "cashfree", "route": "order", "kind": "redirect", "location": "https://login.example/x",
      ])
      #expect(try await sim.admin("/faults", fault).status == 201)
      let answer = try await get(sim, "/orders/cf_sim_paid")
      #expect(answer.status == 302)
      #expect(answer.location == "https://login.example/x")
      #expect(answer.body.isEmpty)
      #expect(try await sim.admin("/faults", .obj(["kind": "redirect", "status": 200])).status == 400)
    }
  }

  @Test(arguments: ["", "null", "42"])
  func aBodyIsServedExactly(body: String) async throws {
    try await SimHarness.with { sim in
      let fault: JSONValue = .obj(["gateway": "cashfree", "kind": "body", "body": .string(body), "times": 1])
      #expect(try await sim.admin("/faults", fault).status == 201)
      let answer = try await get(sim, "/orders/cf_sim_paid")
      #expect(answer.status == 200)
      #expect(answer.body == body)
      #expect(try await get(sim, "/orders/cf_sim_paid").body.contains("cf_sim_paid"), "once only")
    }
  }
}
