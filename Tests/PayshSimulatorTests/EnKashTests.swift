import Foundation
import PayshJSON
import PayshSimulator
import Testing

/// EnKash over loopback: the password-grant token, the lock after three failures, orderDetails.
@Suite struct EnKashTests {
  @Test func tokenHasTheOAuthShape() async throws {
    try await SimHarness.with { sim in
      let reply = try await sim.enkashToken()
      #expect(reply.status == 200)
      let json = try reply.json()
      #expect(json.keys == ["access_token", "token_type", "refresh_token", "expires_in", "scope"])
      #expect(json["token_type"] == "bearer")
      #expect(json["expires_in"] == 86_399)
      #expect(json["access_token"]?.textValue?.count == 27)
    }
  }

  @Test func wrongClientOrGrantIsRefused() async throws {
    try await SimHarness.with { sim in
      let wrongClient = try await sim.enkashToken(client: ("SIMENKASH01", "nope"))
      #expect(wrongClient.status == 401)
      #expect(try wrongClient.json()["error"] == "unauthorized")
      let wrongGrant = try await sim.enkashToken(grantType: "client_credentials")
      #expect(wrongGrant.status == 400)
      #expect(try wrongGrant.json()["error"] == "unsupported_grant_type")
    }
  }

  @Test func threeWrongPasswordsLockTheUserUntilReset() async throws {
    try await SimHarness.with { sim in
      for attempt in 1...3 {
        let reply = try await sim.enkashToken(password: "wrong\(attempt)")
        #expect(reply.status == 401)
        let description = try reply.json()["error_description"]?.textValue ?? ""
        #expect(description.contains(attempt == 3 ? "locked" : "Bad credentials"))
      }
      let locked = try await sim.enkashToken()
      #expect(locked.status == 401)
      #expect(try locked.json()["error_description"] == "User account is locked")
      let unlocked = try await sim.admin(
        "/enkash/unlock", .obj(["username": .string(Simulator.credentials.enkash.username)]))
      #expect(unlocked.status == 200)
      #expect(try await sim.enkashToken().status == 200)
    }
  }

  @Test func aSuccessResetsTheFailureCount() async throws {
    try await SimHarness.with { sim in
      _ = try await sim.enkashToken(password: "wrong")
      _ = try await sim.enkashToken(password: "wrong")
      #expect(try await sim.enkashToken().status == 200)
      _ = try await sim.enkashToken(password: "wrong")
      _ = try await sim.enkashToken(password: "wrong")
      #expect(try await sim.enkashToken().status == 200)
    }
  }

  @Test func seedExampleComesBackFieldForField() async throws {
    try await SimHarness.with { sim in
      let token = try await sim.enkashAccessToken()
      let reply = try await sim.enkashOrder("12345", token: token)
      #expect(reply.status == 200)
      #expect(try reply.json() == (try JSONParser.parse(SeedExamples.enkashOrderDetails)))
      let byReference = try await sim.enkashOrder("REF123456789", token: token)
      #expect(try byReference.json()["paylod"]?["orderId"] == "12345")
    }
  }

  @Test func missingWrongAndExpiredTokensAre401() async throws {
    try await SimHarness.with { sim in
      let missing = try await sim.enkashOrder("12345", token: nil)
      #expect(missing.status == 401)
      let wrong = try await sim.enkashOrder("12345", token: "tYte80xqTDUodXslo2ShHle_eXo")
      #expect(wrong.status == 401)
      #expect(try wrong.json()["error"] == "invalid_token")
      let token = try await sim.enkashAccessToken()
      sim.clock.advance(by: 86_398)
      #expect(try await sim.enkashOrder("12345", token: token).status == 200)
      sim.clock.advance(by: 2)
      let expired = try await sim.enkashOrder("12345", token: token)
      #expect(expired.status == 401)
      #expect(try expired.json()["error_description"] == "Access token expired")
    }
  }

  @Test func unknownOrderIsResponseCodeOne() async throws {
    try await SimHarness.with { sim in
      let token = try await sim.enkashAccessToken()
      let reply = try await sim.enkashOrder("OR-NOPE", token: token)
      #expect(reply.status == 200)
      let json = try reply.json()
      #expect(json["response_code"] == 1)
      #expect(json["response_message"]?.textValue?.contains("OR-NOPE") == true)
    }
  }

  @Test func payloadEnvelopeIsSelectable() async throws {
    try await SimHarness.with { sim in
      let token = try await sim.enkashAccessToken()
      let byQuery = try await sim.enkashOrder("OR631764TS4UC", token: token, query: "?envelope=payload")
      #expect(try byQuery.json().keys == ["payload", "response_message", "response_code"])
      #expect(try byQuery.json()["payload"]?["voucherDetailsList"]?.arrayValue?.count == 2)
      #expect(try await sim.admin("/enkash/envelope", .obj(["key": "payload"])).status == 200)
      let byAdmin = try await sim.enkashOrder("OR631764TS4UC", token: token)
      #expect(try byAdmin.json()["payload"] != nil)
      #expect(try await sim.admin("/enkash/envelope", .obj(["key": "payl0d"])).status == 400)
    }
  }

  @Test func everyStatusHasAFixture() async throws {
    try await SimHarness.with { sim in
      let token = try await sim.enkashAccessToken()
      var seen: [String] = []
      for id in [
        "ORSIMPENDING1", "ORSIMPROGRESS1", "ORSIMFAILED1", "ORSIMCANCELLED1", "ORSIMREFUNDED1", "ORSIMEXPIRED1",
      ] {
        let order = try await sim.enkashOrder(id, token: token).json()["paylod"]
        seen.append("\(order?["orderStatus"]?.textValue ?? "?")/\(order?["paymentStatus"]?.textValue ?? "?")")
      }
      #expect(
        seen == [
          "PENDING/IN_PROGRESS", "IN_PROGRESS/IN_PROGRESS", "PENDING/FAILED", "PENDING/CANCELLED",
          "REFUNDED/REFUNDED", "EXPIRED/EXPIRED",
        ])
    }
  }
}
