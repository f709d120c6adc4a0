import ArgumentParser
import PaperDiaryKit

/// `paperdiary notices`: final marks and exam results to paper families within 24 hours (R6).
struct NoticesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "notices",
    abstract: "Issue the pending final-results notices (within 24 hours, regulation cl. 6).",
    discussion: """
      A final mark or exam result is pending for a guardian who received paper on the day it \
      was recorded, until a notice covers it; a changed mark is pending again. Each (guardian, \
      student) with anything pending gets one notice, OUT/notices/<issue_id>.pdf (N-000001, \
      …), listing everything pending for them, the deadline (the earliest result's time plus \
      24 hours) and, when it tells exam results, the 273-FZ citation of cl. 8. Each notice is \
      recorded in the ledger with what it covers, after which `status` no longer lists those \
      results. Prints each notice's path, then a summary; nothing pending is not an error. \
      Run it every hour from cron, e.g. `0 * * * * paperdiary notices --store F --out DIR \
      --quiet`. Exit 1 if a notice could not be made.
      """)

  @OptionGroup var store: StoreOption

  @Option(help: "The output folder; notices go under OUT/notices/.")
  var out: String

  @Option(help: "The time to act as now, e.g. '2026-11-27 15:00' (default: the clock).")
  var now: String?

  @OptionGroup var operatorOption: OperatorOption

  @OptionGroup var template: TemplateOption

  @Flag(help: "Print only the paths of new notices (for cron): no summary.")
  var quiet = false

  func run() throws {
    var options = NoticesWorkflow.Options(store: store.store, out: out)
    options.now = now
    options.operatorName = operatorOption.operatorName
    options.template = template.template
    options.say = { Console.error($0) }
    let report = try Console.run { () throws(PaperDiaryError) in
      try NoticesWorkflow.run(options)
    }
    for failure in report.failed {
      Console.error(
        "notice for student \(failure.student) / guardian \(failure.guardian): \(failure.error)")
    }
    for notice in report.issued { print(notice.path) }
    if !quiet { print(report.summary) }
    if !report.failed.isEmpty { throw ExitCode(1) }
  }
}
