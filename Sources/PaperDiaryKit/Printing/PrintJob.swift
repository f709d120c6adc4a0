import Foundation

/// One job CUPS accepted: what `lp` answered and what it was given, so a run can report it and
/// an operator can follow it with `lpstat -o` or stop it with `cancel`.
public struct PrintJob: Sendable, Hashable {
  /// The queue the job went to, as `--printer` named it.
  public let queue: String
  /// CUPS's request id, `QUEUE-17`: what `lpstat` lists and `cancel` takes.
  public let jobID: String
  /// The title the job carries on the queue and on a banner page.
  public let title: String
  /// The PDFs in the job, in the order they print.
  public let files: [URL]

  public init(queue: String, jobID: String, title: String, files: [URL]) {
    self.queue = queue
    self.jobID = jobID
    self.title = title
    self.files = files
  }
}
