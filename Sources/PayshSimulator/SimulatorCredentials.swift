import PayshJSON

/// The fixed local credentials the simulator accepts; they are not secrets and are documented.
public struct SimulatorCredentials: Sendable, Equatable {
  /// Cashfree PG: `x-client-id` / `x-client-secret`.
  public struct Cashfree: Sendable, Equatable {
    public var clientID: String
    public var clientSecret: String
  }

  /// Paytring: API key and secret (Basic auth on v2, hash secret on v1 and v2).
  public struct Paytring: Sendable, Equatable {
    public var key: String
    public var secret: String
  }

  /// EnKash: OAuth client and the password-grant user.
  public struct EnKash: Sendable, Equatable {
    public var clientID: String
    public var clientSecret: String
    public var username: String
    public var password: String
  }

  public var cashfree: Cashfree
  public var paytring: Paytring
  public var enkash: EnKash

  /// The one set every simulator instance accepts.
  public static let local = SimulatorCredentials(
    cashfree: Cashfree(clientID: "TEST_SIM_CF_CLIENT_ID", clientSecret: "TEST_SIM_CF_CLIENT_SECRET"),
    paytring: Paytring(key: "test_sim_key", secret: "test_sim_secret"),
    enkash: EnKash(
      clientID: "SIMENKASH01", clientSecret: "sim-enkash-client-secret",
      username: "9999900000", password: "sim-enkash-password")
  )

  /// A second Paytring merchant, the one of Paytring's Go SDK hash test vector (`test_key` / `test_secret`).
  public static let paytringSDKVectorMerchant = Paytring(key: "test_key", secret: "test_secret")

  /// The credentials as ordered JSON: `{"cashfree":{…},"paytring":{…},"enkash":{…}}`.
  public var jsonValue: JSONValue {
    .obj([
      "cashfree": .obj(["client_id": .string(cashfree.clientID), "client_secret": .string(cashfree.clientSecret)]),
      "paytring": .obj(["key": .string(paytring.key), "secret": .string(paytring.secret)]),
      "enkash": .obj([
        "client_id": .string(enkash.clientID), "client_secret": .string(enkash.clientSecret),
        "username": .string(enkash.username), "password": .string(enkash.password),
      ]),
    ])
  }

  /// Indented JSON text of ``jsonValue``, for `paysh sim --credentials`.
  public var json: String { jsonValue.prettyText() }
}
