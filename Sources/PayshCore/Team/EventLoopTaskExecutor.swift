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
  /// Where the shell's commands run (a script, a line typed at the prompt): one of NIO's shared loops, the
  /// HTTP client's, as their task executor preference. paysh makes NIO's loops its global executor, and a
  /// loop runs a global job as its own serial executor, so every call into a nonisolated async function
  /// would be a hop to the back of the loop's queue (a request started by a task just made would go out only
  /// after the results ready were stored and shown). Under a task executor preference those calls run on
  /// at once, and a request is written on the loop that carries it.
  public static let shell = EventLoopTaskExecutor(MultiThreadedEventLoopGroup.singleton.next())
}
