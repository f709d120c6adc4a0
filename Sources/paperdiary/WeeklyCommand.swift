import ArgumentParser
import DiaryRules
import PaperDiaryKit

struct WeeklyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "weekly",
    abstract: "The Friday batch: a sheet for every family that receives paper this week.",
    discussion: """
      Every recipient on the as-of date (a guardian whose latest refusal-or-annulment for the \
      student is a refusal) whose student's grade has a study day in the week gets one weekly \
      sheet; a pair that already has the week's sheet is skipped (already_issued). Sheets go \
      to OUT/<week>/sheets/, and every class's print file (print/class-<n>.pdf, sheets in \
      register order, duplex-padded unless --simplex) and delivery register \
      (register/class-<n>.pdf) and the week's manifest.json are rebuilt from the ledger. \
      Re-running makes only what is missing and finishes what an interrupted run left. \
      --week defaults to the current ISO week and --as-of to the earlier of today and the \
      week's last study day, in the school's time zone. --dry-run prints what would be issued \
      and writes nothing.
      """)

  @OptionGroup var store: StoreOption

  @Option(
    help: ArgumentHelp(
      "The output folder; sheets go under OUT/<week>/ (required unless --dry-run). A week "
        + "stays in the folder it was first issued into."))
  var out: String?

  @Option(help: "The ISO week, e.g. 2026-W48 (default: the current week).")
  var week: String?

  @Option(name: .customLong("as-of"), help: "The data cut-off date, inside --week.")
  var asOf: String?

  @Option(help: "The time to act as now, e.g. '2026-11-27 15:00' (default: the clock).")
  var now: String?

  @Option(name: .customLong("class"), help: "Limit the batch to this class id (repeatable).")
  var classes: [String] = []

  @Option(help: "Sheets rendered at once (default: the number of cores).")
  var jobs: Int?

  @OptionGroup var template: TemplateOption

  @Option(help: "Send this run's sheets and registers to this CUPS queue (lpstat -p lists them).")
  var printer: String?

  @Flag(help: "With --printer: send the week's full print files again, not only this run's.")
  var reprint = false

  @Flag(help: "Do not pad sheets to an even page count (for one-sided printing).")
  var simplex = false

  @OptionGroup var operatorOption: OperatorOption

  @Flag(name: .customLong("dry-run"), help: "Show what would be issued; write nothing.")
  var dryRun = false

  @Flag(help: "No progress bar.")
  var quiet = false

  @Flag(help: "Print the run's manifest as JSON on stdout.")
  var json = false

  func validate() throws {
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be 1 or more") }
    if reprint, printer == nil { throw ValidationError("--reprint needs --printer NAME") }
    if !dryRun, out == nil { throw ValidationError("--out DIR is required unless --dry-run") }
  }

  func run() throws {
    var options = WeeklyWorkflow.Options(store: store.store)
    options.week = week
    options.asOf = asOf
    options.now = now
    options.classes = classes
    options.dryRun = dryRun
    options.keepSheets = json
    options.out = out
    options.jobs = jobs
    options.template = template.template
    options.printer = printer
    options.reprint = reprint
    options.simplex = simplex
    options.operatorName = operatorOption.operatorName
    options.quiet = quiet
    options.say = { Console.error($0) }
    let manifest = try Console.run { () throws(PaperDiaryError) in
      try WeeklyWorkflow.run(options)
    }
    if let note = manifest.note { Console.error(note) }
    for failure in manifest.failed {
      Console.error(
        "sheet for student \(failure.student) / guardian \(failure.guardian): \(failure.error)")
    }
    for job in manifest.printJobs { Console.error("queued \(job)") }
    if json {
      print(manifest.json.rendered())
    } else {
      print(
        "\(manifest.week) (\(manifest.week.monday.russian) – \(manifest.week.sunday.russian)), "
          + "data as of \(manifest.asOf.russian): \(manifest.issuedCount) sheets "
          + (dryRun ? "would be issued" : "issued") + ", \(manifest.skipped.count) already issued"
          + (manifest.failed.isEmpty ? "" : ", \(manifest.failed.count) failed"))
      if !dryRun, let out, manifest.note == nil {
        print("output: \(WeeklyWorkflow.weekFolder(out: out, week: manifest.week))")
      }
    }
    if !manifest.failed.isEmpty { throw ExitCode(1) }
  }
}
