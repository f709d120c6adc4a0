import ArgumentParser
import PaperDiaryKit

/// `paperdiary ledger`: the record of every document issued (R9).
struct LedgerCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ledger",
    abstract: "List the issued documents: weekly sheets, reissues and notices.",
    discussion: """
      The ledger records every document PaperDiary issued: who issued it and when, the data \
      cut-off (as-of date and latest import), its file and SHA-256. Rows are listed in the \
      order they were created; --week and --student filter them (notices belong to no week). \
      Output shows ids only, never names. With --json the list is one JSON array of \
      {issue_id, kind, guardian_id, student_id, class_id, week, replaces, reason, operator, \
      created_at, as_of, import_id, file, sha256}, created_at in ISO 8601 with the school's \
      UTC offset.
      """)

  @OptionGroup var store: StoreOption

  @Option(help: "Only this ISO week, e.g. 2026-W48 (default: every week).")
  var week: String?

  @Option(help: "Only the documents of this student (a student_id).")
  var student: String?

  @Flag(help: "Print a JSON array instead of a table.")
  var json = false

  func run() throws {
    var options = LedgerWorkflow.Options(store: store.store)
    options.week = week
    options.student = student
    let listing = try Console.run { () throws(PaperDiaryError) in
      try LedgerWorkflow.run(options)
    }
    if json {
      print(listing.json.rendered())
    } else if listing.entries.isEmpty {
      Console.error(
        "no issued documents" + (week.map { " in \($0)" } ?? "")
          + (student.map { " for student '\($0)'" } ?? ""))
    } else {
      for line in listing.table { print(line) }
    }
  }
}
