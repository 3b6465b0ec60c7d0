import NIOCore

/// A `TaskExecutor` over one NIO event loop. swift-nio 2.101 makes an event loop a `SerialExecutor` (for
/// actors) but offers no `TaskExecutor`, so this is the small adapter: a task started with it as its executor
/// preference (`Task(executorPreference:)`) runs every job on the loop's thread, and so do its child tasks
/// (PostgresClient's `run()` and its connection tasks) and every continuation resumed for it.
final class EventLoopTaskExecutor: TaskExecutor {
  let loop: any EventLoop

  init(_ loop: any EventLoop) { self.loop = loop }

  func enqueue(_ job: consuming ExecutorJob) {
    let job = UnownedJob(job)
    loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
  }
}
