import Hummingbird
import NIOCore

/// The request context: Hummingbird's core storage plus the connection, so faults can reset it.
struct SimRequestContext: RequestContext {
  var coreContext: CoreRequestContextStorage
  let channel: any Channel

  init(source: ApplicationRequestContextSource) {
    coreContext = CoreRequestContextStorage(source: source)
    channel = source.channel
  }

  /// Request bodies up to 1 MiB are accepted.
  var maxUploadSize: Int { 1024 * 1024 }
}
