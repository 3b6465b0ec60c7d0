#if canImport(Glibc)
import Glibc
#endif

/// The process's arguments as the bytes they were given in, before Swift repairs invalid UTF-8 in them:
/// a `-c` script is decoded by `SourceFile(name:bytes:)`, which refuses what is not UTF-8.
enum RawArguments {
  /// The bytes of argument `index` (as in `CommandLine.arguments`).
  static func bytes(at index: Int) -> [UInt8] {
    guard index < Int(CommandLine.argc), let pointer = CommandLine.unsafeArgv[index] else { return [] }
    return Array(
      UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: strlen(pointer)))
  }

  /// The bytes of the argument ArgumentParser read as `value`: the argument itself, or its part after an
  /// option name joined to it (`-cTEXT`, `--commands=TEXT`); `value`'s own bytes when none matches.
  static func bytes(of value: String) -> [UInt8] {
    for index in 1..<max(1, Int(CommandLine.argc)) {
      let raw = bytes(at: index)
      let prefixes: [[UInt8]] = [[], Array("-c".utf8), Array("--commands=".utf8)]
      for prefix in prefixes where raw.starts(with: prefix) {
        let rest = raw.dropFirst(prefix.count)
        if String(decoding: rest, as: UTF8.self) == value { return Array(rest) }
      }
    }
    return Array(value.utf8)
  }
}
