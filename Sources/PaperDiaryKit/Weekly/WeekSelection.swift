import DiaryRules
import Foundation
import GradeStore

/// The week and as-of date of a run (DESIGN §6): `--week` defaults to the current ISO week and
/// `--as-of` to the earlier of today and the week's last study day, in the school's zone.
public struct WeekSelection: Sendable {
  public let week: SchoolWeek
  public let asOf: LocalDate
  public let now: Date
  /// The last day of the week on which any grade studies; nil when the week has none.
  public let lastStudyDay: LocalDate?

  /// Resolves the options against the store's calendar and zone.
  static func resolve(
    week weekText: String?, asOf asOfText: String?, now nowText: String?,
    settings: SchoolSettings, calendar: StudyCalendar, clock: Date
  ) throws(PaperDiaryError) -> WeekSelection {
    let zone = settings.zone
    var now = clock
    if let nowText {
      guard let parsed = ImportValueParser(timeZone: zone).time(nowText) else {
        throw PaperDiaryError(
          .usage, "--now: '\(nowText)' is not a time (e.g. 2026-11-27 15:00 or 2026-11-27T15:00)")
      }
      now = parsed
    }
    let today = SchoolClock(now: now, zone: zone).today
    var week = SchoolWeek(containing: today)
    if let weekText {
      guard let parsed = SchoolWeek(weekText) else {
        throw PaperDiaryError(.usage, "--week: '\(weekText)' is not an ISO week (e.g. 2026-W48)")
      }
      week = parsed
    }
    let lastStudyDay = GradeSet.validGrades.compactMap {
      calendar.studyDays(in: week, grade: $0).last
    }.max()
    var asOf = min(today, lastStudyDay ?? week.sunday)
    if let asOfText {
      guard let parsed = ImportValueParser.date(asOfText) else {
        throw PaperDiaryError(.usage, "--as-of: '\(asOfText)' is not a date (e.g. 2026-11-27)")
      }
      guard week.contains(parsed) else {
        throw PaperDiaryError(
          .usage,
          "--as-of \(parsed) is outside --week \(week) (\(week.monday) – \(week.sunday))")
      }
      asOf = parsed
    }
    return WeekSelection(week: week, asOf: asOf, now: now, lastStudyDay: lastStudyDay)
  }
}
