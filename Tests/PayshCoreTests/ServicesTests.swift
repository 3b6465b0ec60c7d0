import Testing

@testable import PayshCore

/// The shell's redactor is kept between fetches and made again whenever the secrets in hand change.
@Suite("Services")
struct ServicesTests {
  @Test func theRedactorFollowsTheCredentialsAndTokensHeld() {
    let services = Services()
    #expect(services.redactor.text("id abcdef secret s3cr3t-value") == "id abcdef secret s3cr3t-value")
    services.credentials["cashfree@local"] = Credentials([
      "client_id": .init(value: "abcdef", origin: "test"),
      "client_secret": .init(value: "s3cr3t-value", origin: "test"),
    ])
    #expect(services.redactor.text("id abcdef secret s3cr3t-value") == "id abcdef secret [redacted]")
    services.credentials["cashfree@local"] = Credentials(["client_secret": .init(value: "other-secret", origin: "test")]
    )
    #expect(services.redactor.text("s3cr3t-value other-secret") == "s3cr3t-value [redacted]")
    services.tokens["enkash@local"] = Services.Token(value: "tok-123456", renewAfter: 0, expiresInSeconds: 60)
    #expect(services.redactor.text("tok-123456 other-secret") == "[redacted] [redacted]")
    services.tokens = [:]
    services.credentials = [:]
    #expect(services.redactor.text("tok-123456 other-secret") == "tok-123456 other-secret")
  }
}
