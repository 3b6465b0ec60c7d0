import CEditLine
import PayshCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Asks for a credential on the terminal, as `auth` does when neither a profile nor the environment has it.
/// Reads `/dev/tty`, so it works even when output is captured.
///
/// The terminal is read a key at a time (no echo, no canonical mode, no signals from keys), so paysh, not
/// the terminal, decides what each key does: Enter ends the answer, Backspace and Ctrl-U edit it, Ctrl-D on
/// an empty answer ends input, and Ctrl-C cancels the question (and the `auth` that asked) at once. The
/// terminal is put back on every way out: the answer, Ctrl-C, a cancelled command, and a fatal SIGTERM,
/// SIGHUP or SIGQUIT (`paysh_tty_guard`). A secret is never echoed; other answers are echoed by paysh.
enum SecretPrompt {
  /// The line typed after `label: `; nil when there is no terminal or input ended (Ctrl-D).
  /// Throws `CancellationError` on Ctrl-C, or when the command asking is cancelled.
  static func ask(_ label: String, secret: Bool) throws -> String? {
    let descriptor = open("/dev/tty", O_RDWR | O_NOCTTY)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var saved = termios()
    guard tcgetattr(descriptor, &saved) == 0 else { return nil }
    var keys = saved
    keys.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG | IEXTEN)
    withUnsafeMutableBytes(of: &keys.c_cc) { cc in
      cc[Int(VMIN)] = 1
      cc[Int(VTIME)] = 0
    }
    paysh_tty_guard(descriptor, &saved)
    tcsetattr(descriptor, TCSAFLUSH, &keys)
    defer {
      tcsetattr(descriptor, TCSAFLUSH, &saved)
      paysh_tty_unguard()
    }
    say("\(label)\(secret ? " (hidden)" : ""): ", on: descriptor)
    var bytes: [UInt8] = []
    while true {
      guard let byte = try readKey(descriptor) else {
        say("\n", on: descriptor)
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
      }
      switch byte {
      case 0x03:  // Ctrl-C
        say("^C\n", on: descriptor)
        throw CancellationError()
      case 0x04:  // Ctrl-D
        if bytes.isEmpty {
          say("\n", on: descriptor)
          return nil
        }
      case 0x0A, 0x0D:
        say("\n", on: descriptor)
        return String(decoding: bytes, as: UTF8.self)
      case 0x7F, 0x08:  // Backspace: one character, whatever its UTF-8 length
        guard !bytes.isEmpty else { continue }
        while let last = bytes.popLast(), last & 0xC0 == 0x80 {}
        if !secret { say("\u{8} \u{8}", on: descriptor) }
      case 0x15:  // Ctrl-U
        if !secret {
          say(String(repeating: "\u{8} \u{8}", count: String(decoding: bytes, as: UTF8.self).count), on: descriptor)
        }
        bytes = []
      default:
        guard byte >= 0x20, bytes.count < 4096 else { continue }
        bytes.append(byte)
        if !secret { _ = write(descriptor, [byte], 1) }
      }
    }
  }

  /// The next key, or nil at the end of input; waits in short steps so a cancelled command stops it.
  static func readKey(_ descriptor: Int32) throws -> UInt8? {
    var byte: UInt8 = 0
    while true {
      if Task.isCancelled { throw CancellationError() }
      var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
      let ready = poll(&poller, 1, 200)
      if ready < 0, errno == EINTR { continue }
      if ready == 0 { continue }
      let count = read(descriptor, &byte, 1)
      if count < 0, errno == EINTR || errno == EAGAIN { continue }
      return count == 1 ? byte : nil
    }
  }

  static func say(_ text: String, on descriptor: Int32) {
    _ = text.withCString { write(descriptor, $0, strlen($0)) }
  }
}
