import NIOSSL

/// The TLS a team store URL asks for: none (`disable`), encryption without checking the server
/// (`require`), or encryption with the server's certificate checked against the CA file `sslrootcert`
/// (else the system's roots) and its name against the URL's host, name or address (`verify-full`).
enum TeamTLS {
  /// The client configuration for `url`'s sslmode; nil for `disable`. The CA file is read here (through
  /// `FileText`), so a missing or empty one is refused before any connection is tried.
  static func configuration(for url: PostgresStoreURL) throws(TeamStoreError) -> TLSConfiguration? {
    var configuration = TLSConfiguration.makeClientConfiguration()
    configuration.minimumTLSVersion = .tlsv12
    switch url.sslMode {
    case .disable: return nil
    case .require: configuration.certificateVerification = .none
    case .verifyFull:
      configuration.certificateVerification = .fullVerification
      if let path = url.sslRootCert { configuration.trustRoots = .certificates(try certificates(at: path, url: url)) }
    }
    return configuration
  }

  /// The PEM certificates in the file at `path`.
  static func certificates(at path: String, url: PostgresStoreURL) throws(TeamStoreError) -> [NIOSSLCertificate] {
    let bytes: [UInt8]
    switch FileText.contents(path, limit: 1 << 20) {
    case .success(let read): bytes = read
    case .failure(let refusal): throw .caFile(url, path: path, reason: refusal.reason)
    }
    let certificates = try? NIOSSLCertificate.fromPEMBytes(bytes)
    guard let certificates, !certificates.isEmpty else {
      throw .caFile(url, path: path, reason: "it holds no PEM certificate")
    }
    return certificates
  }
}
