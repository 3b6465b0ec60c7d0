import PayshCore

@testable import PayshShell

#if canImport(Glibc)
import Glibc
#endif

/// A command that takes files, for completion tests: `load <script.ops>… [--out FILE] [--verbose]`.
struct LoadCommand: CommandHandler {
  let spec = CommandSpec(
    name: "load", synopsis: "load <FILE.ops>… [--out FILE] [--verbose] [--tag T]…", abstract: "Load scripts",
    arguments: [ArgumentSpec("script", .file(extensions: ["ops"]), repeating: true)],
    options: [
      OptionSpec("out", value: .file(extensions: []), "Where to write"),
      OptionSpec("verbose", "Say more"),
      OptionSpec("tag", value: .choice(["red", "green"]), repeating: true, "A tag"),
    ]
  )

  func run(_ invocation: Invocation, in shell: Interpreter) async throws {}
}

/// A command that waits until it is cancelled, announcing that it started.
struct WaitCommand: CommandHandler {
  let spec = CommandSpec(name: "wait", synopsis: "wait", abstract: "Wait until cancelled")
  let started: @Sendable () -> Void

  func run(_ invocation: Invocation, in shell: Interpreter) async throws {
    started()
    try await Task.sleep(for: .seconds(30))
    shell.output.write("not cancelled\n")
  }
}

/// The first built-in commands (so that commands added later do not change these tests) plus `load`.
let testRegistry: Registry = {
  let names: Set = ["help", "quit", "echo", "set", "unset", "vars", "use", "env"]
  return Registry(Registry.standard.commands.filter { names.contains($0.spec.name) } + [LoadCommand()])
}()

/// A fresh empty folder under /tmp, removed by `removeTree` at the end of a test.
func makeTemporaryFolder() -> String {
  var template = Array("/tmp/paysh-shell-test-XXXXXX".utf8CString)
  guard let result = mkdtemp(&template) else { return "/tmp" }
  return String(cString: result)
}

/// Deletes `path` and everything under it.
func removeTree(_ path: String) {
  guard path.hasPrefix("/tmp/paysh-shell-test-") else { return }
  if let stream = opendir(path) {
    while let entry = readdir(stream) {
      let name = withUnsafePointer(to: &entry.pointee.d_name) {
        $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
      }
      if name == "." || name == ".." { continue }
      let child = path + "/" + name
      if entry.pointee.d_type == UInt8(DT_DIR) { removeTree(child) } else { unlink(child) }
    }
    closedir(stream)
  }
  rmdir(path)
}

/// Creates the file `path` holding `text`.
func writeFile(_ path: String, _ text: String = "") {
  let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
  guard descriptor >= 0 else { return }
  var bytes = Array(text.utf8)
  _ = bytes.withUnsafeMutableBytes { write(descriptor, $0.baseAddress, $0.count) }
  close(descriptor)
}

/// The contents of the file at `path`, or nil.
func readFile(_ path: String) -> String? {
  let descriptor = open(path, O_RDONLY)
  guard descriptor >= 0 else { return nil }
  defer { close(descriptor) }
  var bytes: [UInt8] = []
  var buffer = [UInt8](repeating: 0, count: 4096)
  while true {
    let count = read(descriptor, &buffer, buffer.count)
    if count <= 0 { break }
    bytes += buffer[0..<count]
  }
  return String(decoding: bytes, as: UTF8.self)
}
