import DiaryRules
import Foundation
import SheetRendering

/// Fixed sheets for rendering tests: made from fixed numbers (a seeded generator), so the same
/// sheet is drawn on every run and can be compared with a reference image.
enum SampleSheets {
  static let scale = GradingScale(
    marks: [2, 3, 4, 5], thresholds: [3: 2.5, 4: 3.5, 5: 4.5], baseWeight: 1, minMarks: 3,
    maxAbsenceShare: 0.5, unmarkedGrades: GradeSet([1]))

  static let period = ForecastPeriod(
    id: PeriodID("Q2"), name: "II четверть", start: date("2026-11-09"), end: date("2026-12-28"),
    kind: .term, grades: GradeSet.all)

  static let subjects = [
    "Русский язык", "Литература", "Алгебра", "Геометрия", "Вероятность и статистика",
    "Информатика", "История", "Обществознание", "География", "Биология", "Физика",
    "Английский язык", "Музыка", "Физическая культура", "Труд (технология)", "ОБЗР", "Химия",
    "Изобразительное искусство", "Второй иностранный язык", "Родной язык",
  ]

  static let comments = [
    "Контрольная работа написана аккуратно, но в задаче 3 ошибка в вычислениях.",
    "Не сдана тетрадь с домашними работами; нужно принести до пятницы.",
    "Отличный доклад, использованы дополнительные источники.",
    "Работа на уроке активная.",
  ]

  /// A typical sheet: `subjectCount` subjects, up to `maxMarks` marks each.
  static func sheet(
    subjectCount: Int = 14, maxMarks: Int = 18, delivery: Delivery = .student, seed: UInt64 = 7,
    replaces: String? = nil, unmarked: Bool = false
  ) -> WeeklySheet {
    var random = SplitMix(seed: seed)
    let asOf = date("2026-11-27")
    let week = SchoolWeek(containing: asOf)
    var rows: [WeeklySheet.Subject] = []
    for (index, name) in subjects.prefix(subjectCount).enumerated() {
      let count = index == 5 ? 1 : 3 + Int(random.next() % UInt64(maxMarks - 2))
      var marks: [WeeklySheet.Mark] = []
      var inputs: [ForecastInput.Mark] = []
      for k in 0..<count {
        let day = period.start.adding(days: k * 18 / max(count, 1))
        let roll = random.next() % 100
        let value: Int? = roll < 3 ? nil : [2, 3, 3, 4, 4, 4, 5, 5, 5, 5][Int(roll % 10)]
        let weight = roll % 7 == 0 ? 2.0 : 1.0
        let counted = roll % 23 != 0
        let isNew = week.contains(day) || k == count - 1
        let comment = isNew && roll % 3 == 0 ? comments[Int(roll) % comments.count] : nil
        let markDate = isNew ? week.monday.adding(days: Int(roll % 5)) : day
        marks.append(
          .init(
            value: value, weight: weight, counted: counted, date: markDate, isNew: isNew,
            comment: comment))
        inputs.append(
          .init(value: value, weightE4: Int64(weight * 10_000), counted: counted, date: markDate))
      }
      marks.sort { $0.date < $1.date }
      let absences = Int(random.next() % 4)
      let attendance = (0..<absences).map {
        ForecastInput.Attendance(date: period.start.adding(days: $0 * 3), code: .absent)
      }
      // Lessons through the whole term, so some are still to come after the as-of date.
      let lessons = (0..<(20 + index % 6)).map { period.start.adding(days: $0 * 49 / 25) }
      let forecast = SubjectForecast(
        ForecastInput(
          subject: SubjectID("s\(index)"), asOf: asOf, period: period, scale: scale,
          gradeIsUnmarked: unmarked, marks: inputs, attendance: attendance, lessonDates: lessons,
          finalMark: nil))
      rows.append(.init(name: name, marks: marks, forecast: forecast))
    }
    return WeeklySheet(
      school: "МАОУ «Средняя общеобразовательная школа № 5»", className: "7Б",
      homeroomTeacher: "Сергеева Анна Викторовна",
      student: PersonName(last: "Ёлкина", first: "Дарья", middle: "Андреевна"),
      guardian: PersonName(last: "Ёлкин", first: "Андрей", middle: "Петрович"),
      delivery: delivery,
      address: delivery == .post ? "ул. Заречная, д. 14, кв. 27\nг. Мегион\n628680" : nil,
      week: week, period: period, asOf: asOf, issueID: "2026-W48-00012",
      issuedOn: asOf, replaces: replaces, subjects: rows, scale: scale, unmarked: unmarked,
      consentSince: delivery == .student ? date("2026-10-12") : nil)
  }

  static func date(_ iso: String) -> LocalDate {
    LocalDate(iso: iso) ?? LocalDate(dayNumber: 0)
  }
}

/// A tiny deterministic generator, so fixtures do not depend on the platform's random source.
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
