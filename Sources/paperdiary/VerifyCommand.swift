import ArgumentParser
import PaperDiaryKit

/// `paperdiary verify`: is every issued document's file still there and unchanged (R9)?
struct VerifyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "verify",
    abstract: "Check that every issued document's file is present and unchanged.",
    discussion: """
      For every row of the ledger, reads the file it recorded and compares its SHA-256 with \
      the one recorded when the document was issued. Each row whose file is missing or \
      changed is printed on one line, `<issue_id> <file>: missing` or `<issue_id> <file>: \
      sha256 mismatch`; a summary goes to stderr. --week checks only that week's sheets and \
      reissues (notices belong to no week). The exit code is 1 when any file is missing, \
      changed or unreadable, 0 when all match.
      """)

  @OptionGroup var store: StoreOption

  @Option(help: "Only this ISO week, e.g. 2026-W48 (default: every week and the notices).")
  var week: String?

  func run() throws {
    var options = VerifyWorkflow.Options(store: store.store)
    options.week = week
    let report = try Console.run { () throws(PaperDiaryError) in
      try VerifyWorkflow.run(options)
    }
    for problem in report.problems { print(problem.line) }
    Console.error(report.summary)
    if !report.problems.isEmpty { throw ExitCode(1) }
  }
}
