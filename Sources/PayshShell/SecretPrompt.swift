import PayshCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Asks for a credential on the terminal, with echo off for secrets, as `auth` does when neither a
/// profile nor the environment has it. Reads `/dev/tty`, so it works even when output is captured.
enum SecretPrompt {
  /// The line typed after `label: `, or nil when there is no terminal or input ended (Ctrl-D, Ctrl-C).
  static func ask(_ label: String, secret: Bool) -> String? {
    let descriptor = open("/dev/tty", O_RDWR | O_NOCTTY)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var saved = termios()
    let isTerminal = tcgetattr(descriptor, &saved) == 0
    if secret, isTerminal {
      var quiet = saved
      quiet.c_lflag &= ~tcflag_t(ECHO)
      quiet.c_lflag |= tcflag_t(ICANON | ISIG)
      tcsetattr(descriptor, TCSAFLUSH, &quiet)
    }
    defer {
      if secret, isTerminal {
        tcsetattr(descriptor, TCSAFLUSH, &saved)
        write(descriptor, "\n", 1)
      }
    }
    let prompt = "\(label)\(secret ? " (hidden)" : ""): "
    _ = prompt.withCString { write(descriptor, $0, strlen($0)) }
    var bytes: [UInt8] = []
    var byte: UInt8 = 0
    while true {
      let count = read(descriptor, &byte, 1)
      if count < 0, errno == EINTR { return nil }
      if count <= 0 { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
      if byte == UInt8(ascii: "\n") { break }
      if byte != UInt8(ascii: "\r") { bytes.append(byte) }
      if bytes.count > 4096 { return nil }
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
