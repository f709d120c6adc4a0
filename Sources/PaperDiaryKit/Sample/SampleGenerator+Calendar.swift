import DiaryRules
import Foundation

/// The school-wide reference files of the sample: subjects, mark kinds and the calendar.
extension SampleGenerator {
  /// Writes `subjects.csv`, `mark_kinds.csv`, `periods.csv`, `holidays.csv` and
  /// `study_dates.csv`.
  static func writeCalendar(_ calendar: SampleCalendar, into directory: URL) throws
    -> [SampleSummary.FileRows]
  {
    let subjects = try CSVWriter(
      directory: directory, name: "subjects.csv", header: ["subject_id", "name"])
    for subject in SampleCurriculum.subjects {
      try subjects.row([subject.id, subject.name])
    }

    let kinds = try CSVWriter(
      directory: directory, name: "mark_kinds.csv", header: ["kind_id", "name", "weight"])
    for kind in SampleCurriculum.markKinds {
      try kinds.row([kind.id, kind.name, kind.weight])
    }

    let periods = try CSVWriter(
      directory: directory, name: "periods.csv",
      header: ["period_id", "name", "start", "end", "kind", "grades"])
    for period in calendar.periods {
      try periods.row([
        period.id, period.name, period.start.iso, period.end.iso,
        period.isYear ? "year" : "term", period.gradesText,
      ])
    }

    let holidays = try CSVWriter(
      directory: directory, name: "holidays.csv", header: ["start", "end", "grades", "name"])
    for holiday in calendar.holidays {
      let grades = holiday.grades.map {
        $0.count == 1 ? String($0.lowerBound) : "\($0.lowerBound)-\($0.upperBound)"
      }
      try holidays.row([holiday.start.iso, holiday.end.iso, grades, holiday.name])
    }

    let studyDates = try CSVWriter(
      directory: directory, name: "study_dates.csv", header: ["date", "grades", "name"])
    for extra in calendar.studyDates {
      try studyDates.row([extra.date.iso, nil, extra.name])
    }

    return try closing([
      (subjects, "subjects.csv"), (kinds, "mark_kinds.csv"), (periods, "periods.csv"),
      (holidays, "holidays.csv"), (studyDates, "study_dates.csv"),
    ])
  }
}
