/// Which days are study days, grade by grade (R3; regulation cl. 2 «не реже чем один раз
/// неделю» and cl. 5 «не чаще 1 раза в неделю» count study weeks).
///
/// A study day for grade g is a day inside a term period of g that is one of the school's
/// `study_days` or listed in `study_dates.csv` for g, and is not in a holiday of g. A week with
/// no study day for g is not a study week of g and carries no weekly sheet.
public struct StudyCalendar: Sendable {
  /// A span of days (both ends included) that applies to some grades.
  public struct Span: Hashable, Sendable {
    public let start: LocalDate
    public let end: LocalDate
    public let grades: GradeSet

    public init(start: LocalDate, end: LocalDate, grades: GradeSet) {
      self.start = start
      self.end = end
      self.grades = grades
    }

    public func contains(_ date: LocalDate, grade: Int) -> Bool {
      date >= start && date <= end && grades.contains(grade)
    }
  }

  public let studyWeekdays: Set<Int>
  public let terms: [Span]
  public let holidays: [Span]
  /// Extra study days (a transferred working Saturday), each a one-day span.
  public let extraDays: [Span]

  public init(studyWeekdays: Set<Int>, terms: [Span], holidays: [Span], extraDays: [Span]) {
    self.studyWeekdays = studyWeekdays
    self.terms = terms
    self.holidays = holidays
    self.extraDays = extraDays
  }

  public func isStudyDay(_ date: LocalDate, grade: Int) -> Bool {
    guard terms.contains(where: { $0.contains(date, grade: grade) }),
      !holidays.contains(where: { $0.contains(date, grade: grade) })
    else { return false }
    return studyWeekdays.contains(date.isoWeekday)
      || extraDays.contains { $0.contains(date, grade: grade) }
  }

  /// The study days of `week` for `grade`, Monday first.
  public func studyDays(in week: SchoolWeek, grade: Int) -> [LocalDate] {
    week.days.filter { isStudyDay($0, grade: grade) }
  }
}
