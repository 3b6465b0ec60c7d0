import Foundation
import Testing

@testable import PayshCore

/// Servers that are not there, that never answer, or that refuse TLS; and TLS against the test server.
@Suite("Team store: unreachable servers and TLS", .enabled(if: TeamTestServer.available), .serialized)
struct TeamReachTests {
  @Test func aRefusedPortAnswersAtOnce() throws {
    let port = try FakeServer.closedPort()
    let url = try TeamTestServer.url().with(port: port)
    let database = try TeamTestServer.database(url, timeout: .seconds(5))
    defer { database.closeSync() }
    let start = ContinuousClock.now
    #expect(throws: TeamStoreError.self) { try database.querySync("SELECT 1") }
    do { _ = try database.querySync("SELECT 1") } catch {
      #expect(
        "\(error)"
          == "cannot reach the team store \(url.masked): connection refused (is the server running? scripts/team-db start)"
      )
    }
    #expect(TeamTestServer.seconds(since: start) < 5 + 3, "within the timeout, generously bounded")
  }

  /// A port that takes the TCP connection and then says nothing: postgres-nio would wait; paysh answers when
  /// its timeout passes. Timed through the synchronous bridge, whose caller wakes on a condition variable:
  /// an async caller's wake-up waits for a thread of the test run's busy cooperative pool, which is not
  /// paysh's time.
  @Test func aSilentServerTimesOut() throws {
    let silent = try FakeServer(behaviour: .silent)
    defer { silent.stop() }
    let url = try TeamTestServer.url().with(port: silent.port)
    let database = try TeamTestServer.database(url, timeout: .seconds(2))
    defer { database.closeSync() }
    let start = ContinuousClock.now
    #expect(throws: TeamStoreError.timedOut(url, after: .seconds(2))) { try database.querySync("SELECT 1") }
    let elapsed = TeamTestServer.seconds(since: start)
    #expect(elapsed >= 1.8 && elapsed < 2 + 3, "answered after \(elapsed) s")
    #expect("\(TeamStoreError.timedOut(url, after: .seconds(2)))".contains("no answer within 2 s"))
  }

  @Test func aSilentServerTimesOutAsync() async throws {
    let silent = try FakeServer(behaviour: .silent)
    defer { silent.stop() }
    let url = try TeamTestServer.url().with(port: silent.port)
    let database = try TeamTestServer.database(url, timeout: .seconds(1))
    await #expect(throws: TeamStoreError.timedOut(url, after: .seconds(1))) { try await database.query("SELECT 1") }
    await database.close()
  }

  @Test func theURLsConnectTimeoutComesFirst() throws {
    let url = try TeamTestServer.url().with(port: 1)
    var timed = url
    timed.connectTimeout = .seconds(9)
    #expect(try TeamDatabase(url: timed, password: nil, timeout: .seconds(3)).timeout == .seconds(9))
    #expect(try TeamDatabase(url: url, password: nil, timeout: .seconds(3)).timeout == .seconds(3))
    #expect(try TeamDatabase(url: url, password: nil).timeout == .seconds(5))
  }

  @Test func aServerWithoutTLS() throws {
    let plain = try FakeServer(behaviour: .refusesTLS)
    defer { plain.stop() }
    let url = try TeamTestServer.url().with(port: plain.port, sslMode: .require)
    let database = try TeamTestServer.database(url)
    defer { database.closeSync() }
    #expect(throws: TeamStoreError.tlsUnsupported(url)) { try database.querySync("SELECT 1") }
  }

  @Test func theTLSOnlyRoleIsRefusedWithoutTLS() throws {
    let url = try TeamTestServer.tlsURL().with(sslMode: .disable, sslRootCert: .some(nil))
    let database = try TeamTestServer.database(url)
    defer { database.closeSync() }
    do {
      _ = try database.querySync("SELECT 1")
      Issue.record("paysh_tls came in without TLS")
    } catch {
      #expect(
        "\(error)"
          == "the team store \(url.masked) does not let paysh_tls in: its pg_hba.conf takes this role only over TLS: use sslmode=verify-full"
      )
    }
  }

  @Test func verifyFullWithTheCA() async throws {
    let database = try TeamTestServer.database(try TeamTestServer.tlsURL())
    defer { database.closeSync() }
    let rows = try await database.query("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
    #expect(try rows.first?.decode(Bool.self) == true)
  }

  @Test func requireEncryptsWithoutChecking() throws {
    let url = try TeamTestServer.tlsURL().with(sslMode: .require, sslRootCert: .some(nil))
    let database = try TeamTestServer.database(url)
    defer { database.closeSync() }
    #expect(try database.querySync("SELECT 1").count == 1)
  }

  @Test func verifyFullWithAnotherCAFails() async throws {
    let folder = try TeamScratch.folder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let url = try TeamTestServer.tlsURL().with(sslRootCert: try await TeamTestServer.strangerCA(in: folder))
    let database = try TeamTestServer.database(url)
    await #expect(throws: TeamStoreError.tlsUntrusted(url, reason: "it is not signed by a CA paysh was given")) {
      try await database.query("SELECT 1")
    }
    await database.close()
  }

  @Test func verifyFullByName() throws {
    var url = try TeamTestServer.tlsURL()
    url.host = "localhost"
    let database = try TeamTestServer.database(url)
    defer { database.closeSync() }
    #expect(try database.querySync("SELECT 1").count == 1, "localhost is one of the certificate's names")
  }

  @Test func aCAFileThatIsNotThere() throws {
    let url = try TeamTestServer.tlsURL().with(sslRootCert: "/nonexistent/ca.pem")
    #expect(throws: TeamStoreError.caFile(url, path: "/nonexistent/ca.pem", reason: "No such file or directory")) {
      try TeamTestServer.database(url)
    }
  }
}

/// A TCP listener on 127.0.0.1 that plays a broken PostgreSQL server.
final class FakeServer: @unchecked Sendable {
  enum Behaviour { case silent, refusesTLS }
  let port: Int
  private let socket: Int32
  private var thread: Thread?

  init(behaviour: Behaviour) throws {
    socket = try Self.listening()
    port = Self.port(of: socket)
    if behaviour == .refusesTLS {
      let socket = self.socket
      let thread = Thread {
        while true {
          let client = accept(socket, nil, nil)
          guard client >= 0 else { return }
          var request = [UInt8](repeating: 0, count: 8)
          _ = read(client, &request, 8)  // SSLRequest
          _ = write(client, "N", 1)
          Thread.sleep(forTimeInterval: 0.2)
          close(client)
        }
      }
      thread.start()
      self.thread = thread
    }
  }

  func stop() {
    shutdown(socket, Int32(SHUT_RDWR))
    close(socket)
  }

  /// A port nothing listens on (bound, then closed).
  static func closedPort() throws -> Int {
    let socket = try listening()
    let port = port(of: socket)
    close(socket)
    return port
  }

  static func listening() throws -> Int32 {
    let descriptor = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard descriptor >= 0, bound == 0, listen(descriptor, 16) == 0 else { throw TeamScratch.ScratchError() }
    return descriptor
  }

  static func port(of socket: Int32) -> Int {
    var address = sockaddr_in()
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
  }
}
