import CEditLine

#if canImport(Glibc)
import Glibc
#endif

/// The built `paysh` run as a child process, on a pseudo-terminal or on pipes, read with deadlines so that
/// no test can hang: every wait is bounded and the child is killed when the test is done with it.
final class ChildProcess {
  /// `.build/debug/paysh` of this package (found from this file's path).
  static let binary: String = {
    var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/") + "/.build/debug/paysh"
  }()

  /// True when the binary exists (the lead's scripts/test builds it before `swift test`).
  static var binaryExists: Bool { access(binary, X_OK) == 0 }

  let pid: pid_t
  /// The terminal's master side, or the read end of the stdout/stderr pipe.
  private(set) var reader: Int32
  /// Where typed text goes: the master side again, or the write end of the stdin pipe.
  var writer: Int32
  /// Everything read so far.
  private(set) var bytes: [UInt8] = []
  /// Where in `screen` the last `expect` matched: the next looks after it.
  private var mark = 0
  private var exitCode: Int32?

  enum Failure: Error, CustomStringConvertible {
    case spawn(String)
    var description: String {
      switch self {
      case .spawn(let what): "cannot start paysh: \(what)"
      }
    }
  }

  /// Starts `paysh arguments…` with only `environment` (plus PATH), on a new pseudo-terminal when
  /// `terminal`, else with stdin and stdout+stderr on pipes.
  init(_ arguments: [String] = [], environment: [String: String], terminal: Bool) throws {
    var fileActions = posix_spawn_file_actions_t()
    var attributes = posix_spawnattr_t()
    posix_spawn_file_actions_init(&fileActions)
    posix_spawnattr_init(&attributes)
    defer {
      posix_spawn_file_actions_destroy(&fileActions)
      posix_spawnattr_destroy(&attributes)
    }
    var closeAfterSpawn: [Int32] = []
    if terminal {
      var name = [CChar](repeating: 0, count: 256)
      let master = paysh_open_pseudo_terminal(&name, name.count)
      guard master >= 0 else { throw Failure.spawn("no pseudo-terminal") }
      // A new session whose first terminal opened becomes its controlling terminal, so Ctrl-C is SIGINT.
      posix_spawnattr_setflags(&attributes, Int16(0x80))  // POSIX_SPAWN_SETSID
      posix_spawn_file_actions_addopen(&fileActions, 0, name, O_RDWR, 0)
      posix_spawn_file_actions_adddup2(&fileActions, 0, 1)
      posix_spawn_file_actions_adddup2(&fileActions, 0, 2)
      reader = master
      writer = master
    } else {
      var input: [Int32] = [-1, -1]
      var output: [Int32] = [-1, -1]
      guard paysh_pipe_cloexec(&input) == 0, paysh_pipe_cloexec(&output) == 0 else { throw Failure.spawn("no pipe") }
      posix_spawn_file_actions_adddup2(&fileActions, input[0], 0)
      posix_spawn_file_actions_adddup2(&fileActions, output[1], 1)
      posix_spawn_file_actions_adddup2(&fileActions, output[1], 2)
      closeAfterSpawn = [input[0], output[1]]
      reader = output[0]
      writer = input[1]
    }
    var environment = environment
    environment["PATH"] = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    let argv = ([ChildProcess.binary] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      argv.forEach { free($0) }
      envp.forEach { free($0) }
    }
    var pid: pid_t = 0
    let result = posix_spawn(&pid, ChildProcess.binary, &fileActions, &attributes, argv, envp)
    closeAfterSpawn.forEach { close($0) }
    guard result == 0 else {
      close(reader)
      if writer != reader { close(writer) }
      throw Failure.spawn(String(cString: strerror(result)))
    }
    self.pid = pid
  }

  deinit {
    finish()
  }

  /// Sends `text` as typed (or written to stdin).
  ///
  /// On a terminal it first waits (at most 10 s) until the line editor has switched the terminal out of
  /// canonical mode: libedit prints its prompt before it does, and keys typed in between would reach the
  /// terminal's own line discipline instead (Ctrl-D there is lost, Ctrl-C is a signal).
  func send(_ text: String) {
    if writer == reader {
      let deadline = ChildProcess.now() + 10
      var settings = termios()
      while tcgetattr(reader, &settings) == 0, settings.c_lflag & tcflag_t(ICANON) != 0, ChildProcess.now() < deadline {
        usleep(2_000)
      }
    }
    var bytes = Array(text.utf8)
    _ = bytes.withUnsafeMutableBytes { write(writer, $0.baseAddress, $0.count) }
  }

  /// Closes stdin (pipes only): the end of input.
  func closeInput() {
    guard writer != reader, writer >= 0 else { return }
    close(writer)
    writer = -1
  }

  /// The output so far, escape sequences and all.
  var raw: String { String(decoding: bytes, as: UTF8.self) }

  /// The output so far as a terminal would show its text: escape sequences and carriage returns removed.
  var screen: String { ChildProcess.plain(String(decoding: bytes, as: UTF8.self)) }

  /// Waits (at most `seconds`) until `text` appears after the last match; true when it did.
  @discardableResult
  func expect(_ text: String, within seconds: Double = 10) -> Bool {
    let deadline = ChildProcess.now() + seconds
    while true {
      let shown = Array(screen.unicodeScalars)
      let needle = Array(text.unicodeScalars)
      if let found = ChildProcess.find(needle, in: shown, from: mark) {
        mark = found + needle.count
        return true
      }
      let left = deadline - ChildProcess.now()
      if left <= 0 || !readMore(upTo: left) { return false }
    }
  }

  /// Reads whatever arrives within `seconds`; false when the child closed its side.
  private func readMore(upTo seconds: Double) -> Bool {
    var descriptor = pollfd(fd: reader, events: Int16(POLLIN), revents: 0)
    let ready = poll(&descriptor, 1, Int32(max(1, min(seconds, 1) * 1000)))
    if ready < 0 { return errno == EINTR }
    if ready == 0 { return true }
    var buffer = [UInt8](repeating: 0, count: 4096)
    let count = read(reader, &buffer, buffer.count)
    if count <= 0 { return count < 0 && errno == EINTR }
    bytes += buffer[0..<count]
    return true
  }

  /// Waits (at most `seconds`) for the child to exit, reading what it writes meanwhile; its exit status,
  /// or nil when it had to be killed (or died of a signal).
  func waitForExit(within seconds: Double = 10) -> Int32? {
    if let exitCode { return exitCode == -1 ? nil : exitCode }
    let deadline = ChildProcess.now() + seconds
    while ChildProcess.now() < deadline {
      var status: Int32 = 0
      let done = waitpid(pid, &status, WNOHANG)
      if done == pid {
        while readMore(upTo: 0.05), hasPendingOutput() {}
        exitCode = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : -1
        return exitCode == -1 ? nil : exitCode
      }
      if !readMore(upTo: 0.05) { usleep(10_000) }
    }
    finish()
    return nil
  }

  private func hasPendingOutput() -> Bool {
    var descriptor = pollfd(fd: reader, events: Int16(POLLIN), revents: 0)
    return poll(&descriptor, 1, 0) > 0 && descriptor.revents & Int16(POLLIN) != 0
  }

  /// Kills the child if it still runs, reaps it and closes the descriptors.
  func finish() {
    if exitCode == nil {
      kill(pid, SIGKILL)
      var status: Int32 = 0
      waitpid(pid, &status, 0)
      exitCode = -1
    }
    // Called again by deinit: each descriptor is closed once, or a later close would hit whatever number
    // the process reused it for (SwiftNIO's sockets asserted on exactly that).
    if writer >= 0, writer != reader { close(writer) }
    if reader >= 0 { close(reader) }
    writer = -1
    reader = -1
  }

  /// `text` without ANSI escape sequences and carriage returns.
  static func plain(_ text: String) -> String {
    var out = String.UnicodeScalarView()
    var scalars = text.unicodeScalars.makeIterator()
    while let scalar = scalars.next() {
      if scalar == "\r" { continue }
      guard scalar == "\u{1B}" else {
        out.append(scalar)
        continue
      }
      guard let next = scalars.next(), next == "[" else { continue }
      while let code = scalars.next(), !(0x40...0x7E).contains(code.value) {}
    }
    return String(out)
  }

  static func find(_ needle: [Unicode.Scalar], in haystack: [Unicode.Scalar], from start: Int) -> Int? {
    guard needle.count <= haystack.count, start <= haystack.count - needle.count else { return nil }
    for index in start...(haystack.count - needle.count)
    where haystack[index..<(index + needle.count)].elementsEqual(needle) {
      return index
    }
    return nil
  }

  static func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
  }
}
