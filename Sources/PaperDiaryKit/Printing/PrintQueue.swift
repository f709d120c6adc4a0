import Foundation

/// A CUPS queue that PaperDiary sends print files to with `lp` (R10, DESIGN §6 `--printer`).
///
/// Each `submit` is one `lp` call and so one job: a class's print file stays together on the
/// printer, and a failure names the queue and says what to do in one line.
public struct PrintQueue: Sendable {
  /// The queue's name as CUPS knows it (`lpstat -p`).
  public let name: String
  /// The environment `lp` runs in: `PATH` finds it, `CUPS_SERVER` picks the scheduler.
  let environment: [String: String]

  public init(name: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
    self.name = name
    self.environment = environment
  }

  /// Sends `files` as one job titled `title`, printed on both sides of the sheet (long-edge
  /// binding) when `duplex` is set, one copy; returns the job CUPS accepted.
  public func submit(files: [URL], title: String, duplex: Bool) throws(PaperDiaryError)
    -> PrintJob
  {
    try checkName()
    guard !files.isEmpty else {
      throw PaperDiaryError(.failure, "print queue '\(name)': no files to print")
    }
    let lp = ExternalTool(name: "lp", environment: messagesInEnglish)
    let output: ToolOutput
    do {
      output = try lp.run(arguments(files: files, title: title, duplex: duplex))
    } catch {
      switch error {
      case .notFound:
        throw PaperDiaryError(
          .failure,
          "print queue '\(name)': `lp` is not installed (not on PATH); "
            + "install it with `apt-get install cups-client`")
      case .cannotStart(let path, let reason):
        throw PaperDiaryError(.failure, "print queue '\(name)': cannot run \(path): \(reason)")
      }
    }
    guard output.succeeded else { throw failure(output) }
    guard let jobID = Self.jobID(inLPOutput: output.stdout) else {
      throw PaperDiaryError(
        .failure,
        "print queue '\(name)': lp gave no request id (it said '\(output.stdout.trimmed)'); "
          + "check the queue with `lpstat -o \(name)` before printing again")
    }
    return PrintJob(queue: name, jobID: jobID, title: title, files: files)
  }

  /// `lp`'s arguments: options first, then `--` so a file name can never be read as one.
  func arguments(files: [URL], title: String, duplex: Bool) -> [String] {
    ["-d", name, "-t", title, "-o", duplex ? "sides=two-sided-long-edge" : "sides=one-sided"]
      + ["-n", "1", "--"] + files.map { $0.standardizedFileURL.path }
  }

  /// The request id in lp's answer, `request id is QUEUE-17 (1 file(s))` → `QUEUE-17`.
  static func jobID(inLPOutput stdout: String) -> String? {
    guard let marker = stdout.range(of: "request id is ") else { return nil }
    let id = stdout[marker.upperBound...].prefix { !$0.isWhitespace }
    return id.isEmpty ? nil : String(id)
  }

  // MARK: - Failures

  /// CUPS refuses names with spaces, slashes, `#` and control characters; saying so here beats
  /// lp's "printer or class does not exist".
  private func checkName() throws(PaperDiaryError) {
    let refused = name.unicodeScalars.first {
      $0.properties.isWhitespace || "/\\#'\"".unicodeScalars.contains($0)
        || $0.properties.generalCategory == .control
    }
    guard name.isEmpty || refused != nil else { return }
    let what = name.isEmpty ? "is empty" : "contains '\(refused.map(String.init) ?? "")'"
    throw PaperDiaryError(
      .usage,
      "print queue '\(name)': the name \(what), which CUPS does not allow in a queue name; "
        + "list the queues with `lpstat -p`")
  }

  /// lp says "The printer or class does not exist" both for a wrong name and when it cannot
  /// reach the scheduler, so `lpstat -r` tells the two apart for the advice.
  private func failure(_ output: ToolOutput) -> PaperDiaryError {
    var said = output.stderrLine
    if said.isEmpty { said = "lp exited with status \(output.status)" }
    if said.hasSuffix(".") { said.removeLast() }
    let server = environment["CUPS_SERVER"].map { " at CUPS_SERVER=\($0)" } ?? ""
    let advice: String
    switch schedulerRunning() {
    case false?:
      advice =
        "the CUPS scheduler\(server) is not running; start it (`systemctl start cups`) "
        + "and print again"
    case true? where output.stderr.contains("does not exist"):
      advice = "no such queue\(server); list the queues with `lpstat -p` and pass one to --printer"
    default:
      advice = "check the queue with `lpstat -p \(name)` and the scheduler with `lpstat -r`"
    }
    return PaperDiaryError(.failure, "print queue '\(name)': \(said); \(advice)")
  }

  /// Whether `lpstat -r` finds the scheduler `lp` talks to; nil when that cannot be told.
  private func schedulerRunning() -> Bool? {
    let lpstat = ExternalTool(name: "lpstat", environment: messagesInEnglish)
    let output: ToolOutput
    do { output = try lpstat.run(["-r"]) } catch { return nil }
    if output.stdout.contains("not running") { return false }
    if output.stdout.contains("is running") { return true }
    return nil
  }

  /// The caller's environment with CUPS's messages in English: the request id is read from
  /// lp's answer, and CUPS translates that sentence.
  private var messagesInEnglish: [String: String] {
    var environment = environment
    environment["LC_ALL"] = "C.UTF-8"
    return environment
  }
}

extension String {
  fileprivate var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
