import NIOCore
import NIOPosix

/// A `TaskExecutor` over one NIO event loop. swift-nio 2.101 makes an event loop a `SerialExecutor` (for
/// actors) but offers no `TaskExecutor`, so this is the small adapter: a task started with it as its executor
/// preference (`Task(executorPreference:)`) runs every job on the loop's thread, and so do its child tasks
/// (PostgresClient's `run()` and its connection tasks) and every continuation resumed for it.
public final class EventLoopTaskExecutor: TaskExecutor {
  public let loop: any EventLoop

  init(_ loop: any EventLoop) { self.loop = loop }

  public func enqueue(_ job: consuming ExecutorJob) {
    let job = UnownedJob(job)
    loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
  }
}

extension EventLoopTaskExecutor {
  /// NIO's shared loops (`MultiThreadedEventLoopGroup.singleton`, one a core) as task executors, in order.
  public static let shared = Array(MultiThreadedEventLoopGroup.singleton.makeIterator()).map(EventLoopTaskExecutor.init)

  /// Where the shell's commands run (a script, a line typed at the prompt or read from stdin): the first of
  /// NIO's shared loops, as their task executor preference. paysh makes NIO's loops its global executor, and
  /// a loop runs a global job as its own serial executor, so every call into a nonisolated async function
  /// would be a hop to the back of the loop's queue (a request started by a task just made would go out only
  /// after the results ready were stored and shown). Under a task executor preference those calls run on at
  /// once; and the HTTP client, asked from this loop, makes its connections on it (`EventLoopGroup.any()`
  /// picks the loop it is called on), so a request on a kept-alive connection is written at once.
  public static let shell = shared[0]
}
