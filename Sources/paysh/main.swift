import ArgumentParser
import NIOCore
import NIOPosix
import PayshCore
import PayshShell

#if canImport(Glibc)
import Glibc
#endif

// Swift tasks run on SwiftNIO's event loop threads, so a fetch does not hop between the cooperative pool
// and the event loop on every request: fewer thread wake-ups per fetch (scripts/bench/fetch measures it).
// The loop threads start only when first needed, so start-up is not charged for them. The shell's commands
// run with one of these loops as their task executor preference (`Task.onShellLoop`; why:
// `EventLoopTaskExecutor.shell`).
_ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()

// The common one-liner `paysh -c '…'` skips ArgumentParser: its reflection and dynamic casts scan
// every protocol conformance in the binary, which costs more than the rest of start-up together.
let arguments = CommandLine.arguments
if arguments.count == 3, arguments[1] == "-c" {
  let carried = UncheckedSendable(Launch.interpreter())
  let status = await ScriptSignals.run {
    await carried.value.run(SourceFile(name: "<command line>", bytes: RawArguments.bytes(at: 2)), mode: .script)
  }
  exit(status.rawValue)
}

// Usage errors exit 1 (ArgumentParser's default would be 64); help and --version exit 0.
do {
  var command = try Paysh.parseAsRoot()
  if let entry = command as? any EntryPoint {
    try await entry.execute()
  } else {
    try command.run()
  }
} catch let exitCode as ExitCode {
  exit(exitCode.rawValue)
} catch {
  let code = Paysh.exitCode(for: error)
  if code == .success {
    StandardOutput().write(Paysh.fullMessage(for: error) + "\n")
    exit(0)
  }
  StandardOutput().writeError(Paysh.fullMessage(for: error) + "\n")
  exit(ExitStatus.usage.rawValue)
}
exit(0)

/// The commands main runs asynchronously (ArgumentParser's existential `run()` resolves to the sync one).
protocol EntryPoint {
  func execute() async throws
}

extension Paysh: EntryPoint {
  func execute() async throws { try await run() }
}

extension RunCommand: EntryPoint {
  func execute() async throws { try await run() }
}

extension OpenFileCommand: EntryPoint {
  func execute() async throws { try await run() }
}
