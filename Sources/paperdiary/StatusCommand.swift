import ArgumentParser
import PaperDiaryKit

/// `paperdiary status`: is the school keeping the regulation's cadence and deadlines?
struct StatusCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "status",
    abstract: "Show recipients, missed weekly sheets and final-results notices that are due.",
    discussion: """
      Recipients are the (guardian, student) pairs that receive paper today, or on the last \
      study day of --week. A weekly sheet is owed to every recipient on a study week's last \
      study day, from paper_since in school.toml (default: the Monday of the first week with a \
      weekly issue); a sheet of a finished week (its Sunday has ended in the school's time \
      zone) that was not issued is missed, and stays listed until `paperdiary sheet` issues \
      it. A final mark or exam result must reach each paper family within 24 hours of being \
      recorded: notices past that deadline are overdue, and those whose deadline falls in the \
      next 24 hours are due soon. --week limits recipients and missed sheets to one week; \
      notices are always listed. Output shows ids only, never names. With --json the report is \
      {"now", "recipients": [{guardian_id, student_id, class_id, delivery}], "missed": \
      [{guardian_id, student_id, week}], "notices_overdue": [{guardian_id, student_id, \
      deadline}], "notices_due_soon": [...]}, times in ISO 8601 with the school's UTC offset. \
      With --check the exit code is 1 when a sheet was missed or a notice is overdue.
      """)

  @OptionGroup var store: StoreOption

  @Option(help: "Only this ISO week, e.g. 2026-W48 (default: every week).")
  var week: String?

  @Option(help: "The time to act as now, e.g. '2026-11-27 15:00' (default: the clock).")
  var now: String?

  @Flag(help: "Print the report as one JSON object.")
  var json = false

  @Flag(help: "Exit with 1 when a weekly sheet was missed or a notice is overdue.")
  var check = false

  func run() throws {
    var options = StatusWorkflow.Options(store: store.store)
    options.week = week
    options.now = now
    let report = try Console.run { () throws(PaperDiaryError) in
      try StatusWorkflow.run(options)
    }
    if json {
      print(report.json.rendered())
    } else {
      for line in report.lines { print(line) }
    }
    if check, report.needsAttention { throw ExitCode(1) }
  }
}
