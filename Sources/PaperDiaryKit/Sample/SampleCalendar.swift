import DiaryRules

/// The school year the sample covers: its terms, holidays and transferred working days, laid
/// on the real weekdays of that year.
///
/// The year is the one that starts on 1 September on or before `today`. Grades 1–9 learn in
/// quarters, 10–11 in half-years; both share the holidays, and first-graders get an extra
/// February week. Everything is derived from the year alone, so the same `today` always
/// yields the same calendar.
struct SampleCalendar {
  /// A row of `periods.csv`.
  struct Period {
    let id: String
    let name: String
    let start: LocalDate
    let end: LocalDate
    let isYear: Bool
    let grades: ClosedRange<Int>

    var gradesText: String { "\(grades.lowerBound)-\(grades.upperBound)" }
  }

  /// A row of `holidays.csv`; `grades` nil means every grade.
  struct Holiday {
    let start: LocalDate
    let end: LocalDate
    let grades: ClosedRange<Int>?
    let name: String

    func covers(_ date: LocalDate, grade: Int) -> Bool {
      date >= start && date <= end && (grades?.contains(grade) ?? true)
    }
  }

  /// A transferred working Saturday; classes follow the timetable of `weekday` (1 = Monday).
  struct StudyDate {
    let date: LocalDate
    let weekday: Int
    let name: String
  }

  /// A day on which a grade has lessons: the timetable `weekday` (1–5) and the term index.
  struct StudyDay {
    let date: LocalDate
    let weekday: Int
    let term: Int
  }

  let today: LocalDate
  /// The calendar year in which the school year starts.
  let startYear: Int
  let quarters: [Period]
  let halfYears: [Period]
  let years: [Period]
  let holidays: [Holiday]
  let studyDates: [StudyDate]

  init(today: LocalDate) {
    self.today = today
    let y = today.month >= 9 ? today.year : today.year - 1
    startYear = y
    func date(_ year: Int, _ month: Int, _ day: Int) -> LocalDate {
      LocalDate(dayNumber: Self.dayNumber(year, month, day))
    }

    let q1Start = Self.weekdayOnOrAfter(date(y, 9, 1))
    let q1End = Self.fridayNear(date(y, 10, 24))
    var q2Start = q1End.adding(days: 10)
    let unityDay = date(y, 11, 4)
    if q2Start == unityDay { q2Start = q2Start.adding(days: 1) }
    let q2End = Self.fridayNear(date(y, 12, 26))
    let q3Start = Self.mondayOnOrAfter(date(y + 1, 1, 9))
    let q3End = Self.fridayNear(date(y + 1, 3, 20))
    let q4Start = q3End.adding(days: 10)
    let q4End = Self.weekdayOnOrBefore(date(y + 1, 5, 26))

    let prefix = String(y)
    quarters = [
      Period(
        id: prefix + "-q1", name: "I четверть", start: q1Start, end: q1End,
        isYear: false, grades: 1...9),
      Period(
        id: prefix + "-q2", name: "II четверть", start: q2Start, end: q2End,
        isYear: false, grades: 1...9),
      Period(
        id: prefix + "-q3", name: "III четверть", start: q3Start, end: q3End,
        isYear: false, grades: 1...9),
      Period(
        id: prefix + "-q4", name: "IV четверть", start: q4Start, end: q4End,
        isYear: false, grades: 1...9),
    ]
    halfYears = [
      Period(
        id: prefix + "-h1", name: "I полугодие", start: q1Start, end: q2End,
        isYear: false, grades: 10...11),
      Period(
        id: prefix + "-h2", name: "II полугодие", start: q3Start, end: q4End,
        isYear: false, grades: 10...11),
    ]
    let yearName = "\(y)/\(y + 1) учебный год"
    years = [
      Period(
        id: prefix + "-y1-9", name: yearName, start: q1Start, end: q4End,
        isYear: true, grades: 1...9),
      Period(
        id: prefix + "-y10-11", name: yearName, start: q1Start, end: q4End,
        isYear: true, grades: 10...11),
    ]

    var holidays: [Holiday] = [
      Holiday(
        start: q1End.adding(days: 1), end: q2Start.adding(days: -1), grades: nil,
        name: "Осенние каникулы"),
      Holiday(
        start: q2End.adding(days: 1), end: q3Start.adding(days: -1), grades: nil,
        name: "Зимние каникулы"),
    ]
    let firstGradeWeek = Self.mondayOnOrAfter(date(y + 1, 2, 14))
    holidays.append(
      Holiday(
        start: firstGradeWeek, end: firstGradeWeek.adding(days: 6), grades: 1...1,
        name: "Дополнительные каникулы для первоклассников"))
    holidays.append(
      Holiday(
        start: q3End.adding(days: 1), end: q4Start.adding(days: -1), grades: nil,
        name: "Весенние каникулы"))
    let vacations = holidays
    let terms = quarters
    func inTerm(_ day: LocalDate) -> Bool {
      terms.contains { day >= $0.start && day <= $0.end }
        && !vacations.contains { $0.grades == nil && day >= $0.start && day <= $0.end }
    }
    let publicHolidays: [(LocalDate, String)] = [
      (unityDay, "День народного единства"),
      (date(y + 1, 2, 23), "День защитника Отечества"),
      (date(y + 1, 3, 8), "Международный женский день"),
      (date(y + 1, 5, 1), "Праздник Весны и Труда"),
      (date(y + 1, 5, 9), "День Победы"),
    ]
    for (day, name) in publicHolidays {
      // A holiday on a weekend moves to the next Monday (Labour Code, art. 112).
      let observed = day.isoWeekday >= 6 ? Self.mondayOnOrAfter(day) : day
      guard inTerm(observed) else { continue }
      let label = observed == day ? name : name + " (перенос выходного дня)"
      holidays.append(Holiday(start: observed, end: observed, grades: nil, name: label))
    }
    self.holidays = holidays.sorted { ($0.start, $0.end) < ($1.start, $1.end) }

    // One Saturday of the second quarter is a working day with Monday's timetable.
    let saturday = Self.mondayOnOrBefore(q2Start).adding(days: 12)
    studyDates = [
      StudyDate(date: saturday, weekday: 1, name: "Рабочая суббота (перенос учебного дня)")
    ]
  }

  // MARK: - Queries

  /// Every row of `periods.csv`, terms first.
  var periods: [Period] { quarters + halfYears + years }

  /// The terms of `grade`, in order.
  func terms(grade: Int) -> [Period] { grade >= 10 ? halfYears : quarters }

  /// The `year` period of `grade`.
  func year(grade: Int) -> Period { grade >= 10 ? years[1] : years[0] }

  /// The study days of `grade` in the whole year (R3's definition), in date order.
  func studyDays(grade: Int) -> [StudyDay] {
    var days: [StudyDay] = []
    for (index, term) in terms(grade: grade).enumerated() {
      var day = term.start
      while day <= term.end {
        defer { day = day.adding(days: 1) }
        guard !holidays.contains(where: { $0.covers(day, grade: grade) }) else { continue }
        if day.isoWeekday <= 5 {
          days.append(StudyDay(date: day, weekday: day.isoWeekday, term: index))
        } else if let extra = studyDates.first(where: { $0.date == day }) {
          days.append(StudyDay(date: day, weekday: extra.weekday, term: index))
        }
      }
    }
    return days
  }

  // MARK: - Weekday arithmetic

  static func dayNumber(_ year: Int, _ month: Int, _ day: Int) -> Int {
    LocalDate(year: year, month: month, day: min(day, LocalDate.daysIn(month: month, year: year)))?
      .dayNumber ?? 0
  }

  static func weekdayOnOrAfter(_ date: LocalDate) -> LocalDate {
    date.isoWeekday <= 5 ? date : date.adding(days: 8 - date.isoWeekday)
  }

  static func weekdayOnOrBefore(_ date: LocalDate) -> LocalDate {
    date.isoWeekday <= 5 ? date : date.adding(days: 5 - date.isoWeekday)
  }

  static func mondayOnOrAfter(_ date: LocalDate) -> LocalDate {
    date.adding(days: (8 - date.isoWeekday) % 7)
  }

  static func mondayOnOrBefore(_ date: LocalDate) -> LocalDate {
    date.adding(days: 1 - date.isoWeekday)
  }

  /// The Friday within three days of `date`.
  static func fridayNear(_ date: LocalDate) -> LocalDate {
    var delta = 5 - date.isoWeekday
    if delta < -3 { delta += 7 }
    if delta > 3 { delta -= 7 }
    return date.adding(days: delta)
  }
}
