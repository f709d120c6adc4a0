import DiaryRules
import Foundation
import GradeStore

/// `paperdiary sample`: writes a realistic, reproducible import set.
public enum SampleWorkflow {
  /// The time zone of the sample school, in which "today" is taken when no date is given.
  static let sampleZone = TimeZone(identifier: "Asia/Yekaterinburg") ?? .current

  /// Parses `--today` (any date form of the import format) or takes today in the sample
  /// school's zone, then writes the set.
  public static func run(
    students: Int, seed: UInt64, optOutShare: Double, out: String, today: String?,
    now: Date = Date()
  ) throws(PaperDiaryError) -> SampleSummary {
    let date: LocalDate
    if let today {
      guard let parsed = ImportValueParser.date(today) else {
        throw PaperDiaryError(.badInput, "--today: '\(today)' is not a date (e.g. 2026-11-27)")
      }
      date = parsed
    } else {
      date = SchoolClock(now: now, zone: sampleZone).today
    }
    let options = SampleOptions(
      students: students, seed: seed, optOutShare: optOutShare, today: date)
    do {
      try options.validate()
      return try SampleGenerator.write(options, to: URL(fileURLWithPath: out))
    } catch let error as SampleError {
      // A bad option or folder is the caller's to fix (2); a failed write is ours (1).
      if case .io = error { throw PaperDiaryError(.failure, error.description) }
      throw PaperDiaryError(.badInput, error.description)
    } catch {
      throw PaperDiaryError(.failure, "\(error)")
    }
  }
}
