/// A credential a gateway needs: its name, the environment variable that may hold it, and whether it
/// is a secret (secrets are never printed, logged, stored or exported).
public struct CredentialField: Sendable, Hashable {
  public var name: String
  public var environmentVariable: String
  public var isSecret: Bool

  public init(_ name: String, env: String, secret: Bool) {
    self.name = name
    self.environmentVariable = env
    self.isSecret = secret
  }
}

/// Credentials in hand for one gateway and environment, each with where it came from.
public struct Credentials: Sendable, Hashable {
  public struct Value: Sendable, Hashable {
    public var value: String
    /// Where it came from: `the simulator`, `$CASHFREE_CLIENT_ID`, `profile "prod" ($CF_PROD_SECRET)`, `prompt`.
    public var origin: String
  }

  public var values: [String: Value]

  public init(_ values: [String: Value] = [:]) {
    self.values = values
  }

  public subscript(name: String) -> String? { values[name]?.value }

  /// The origin of credential `name`, for messages such as "401: x-client-secret from $CASHFREE_CLIENT_SECRET".
  public func origin(_ name: String) -> String? { values[name]?.origin }

  /// A secret shown as dots and its length only (no character of it); others as they are.
  public static func mask(_ value: String, secret: Bool) -> String {
    guard secret else { return value }
    return "•••••••• (\(value.count) characters)"
  }
}
