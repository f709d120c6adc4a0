import ArgumentParser
import PaperDiaryKit

struct SampleCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sample",
    abstract: "Write a realistic import set of a made-up school.",
    discussion: """
      The set covers the school year that starts on 1 September on or before --today: classes \
      1–11, timetable and lessons to the year's end, marks and attendance up to --today, final \
      marks of the terms already ended, guardians, and the registry of refusals. The same \
      --seed and --today give the same bytes.
      """)

  @Option(help: "How many students.")
  var students: Int

  @Option(help: "The seed of the generator: the same seed, the same school.")
  var seed: UInt64

  @Option(
    name: .customLong("optout-share"),
    help: "The share of students (0…1) with a guardian who receives paper on --today.")
  var optOutShare: Double

  @Option(help: "The folder to write (created; must be empty or absent).")
  var out: String

  @Option(help: "The export date (default: today in Asia/Yekaterinburg).")
  var today: String?

  func run() throws {
    let summary = try Console.run { () throws(PaperDiaryError) in
      try SampleWorkflow.run(
        students: students, seed: seed, optOutShare: optOutShare, out: out, today: today)
    }
    for file in summary.files { print("\(file.file): \(file.rows) rows") }
    print(
      "\(summary.studentsWithRecipient) of \(summary.enrolledStudents) enrolled students have a "
        + "guardian who receives paper")
  }
}
