import PayshCore

extension Task where Failure == Never {
  /// A task for the shell's commands (a script, a line typed at the prompt or read from stdin): on the shell's
  /// loop, as its task executor preference (`EventLoopTaskExecutor.shell` says why).
  static func onShellLoop(_ body: sending @escaping @isolated(any) () async -> Success) -> Task {
    Task(executorPreference: EventLoopTaskExecutor.shell, operation: body)
  }
}
