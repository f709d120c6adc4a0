import Testing

@testable import DiaryRules

@Suite("§3 forecast: which period and which subjects")
struct ForecastSelectionTests {
  typealias F = ForecastFixture

  static let periods = [
    ForecastPeriod(
      id: "Q1", name: "I четверть", start: F.day("2026-09-01"), end: F.day("2026-10-25"),
      grades: GradeSet(1...9)),
    ForecastPeriod(
      id: "Q2", name: "II четверть", start: F.day("2026-11-05"), end: F.day("2026-12-28"),
      grades: GradeSet(1...9)),
    ForecastPeriod(
      id: "H1", name: "I полугодие", start: F.day("2026-09-01"), end: F.day("2026-12-28"),
      grades: GradeSet(10...11)),
    ForecastPeriod(
      id: "Y", name: "Год", start: F.day("2026-09-01"), end: F.day("2027-05-31"), kind: .year),
    ForecastPeriod(
      id: "Y-only", name: "Год", start: F.day("2026-09-01"), end: F.day("2027-05-31"),
      kind: .year, grades: GradeSet([1])),
  ]

  @Test(
    arguments: [
      (7, "2026-10-01", "Q1"),
      (7, "2026-09-01", "Q1"),  // first day
      (7, "2026-10-25", "Q1"),  // last day
      (7, "2026-10-26", "Q1"),  // the holidays: the latest term that ended before D
      (7, "2026-11-05", "Q2"),
      (7, "2026-12-28", "Q2"),
      (7, "2027-01-05", "Q2"),
      (7, "2026-08-31", nil),  // before any term: a year period is never P
      (10, "2026-10-30", "H1"),
      (10, "2027-03-01", "H1"),
      (12, "2026-10-01", nil),
    ] as [(Int, String, String?)])
  func periodChoice(grade: Int, asOf: String, expected: String?) {
    let chosen = ForecastPeriod.choose(grade: grade, asOf: F.day(asOf), among: Self.periods)
    #expect(chosen?.id.rawValue == expected)
  }

  @Test func choiceDoesNotDependOnOrder() {
    for asOf in ["2026-10-01", "2026-10-30", "2027-02-01"] {
      let a = ForecastPeriod.choose(grade: 5, asOf: F.day(asOf), among: Self.periods)
      let b = ForecastPeriod.choose(grade: 5, asOf: F.day(asOf), among: Self.periods.reversed())
      #expect(a == b)
    }
  }

  @Test func subjectsListedInSubjectsOrder() {
    let p = F.q2
    let d = F.asOf
    let facts = [
      // Only a lesson of the class within P.
      ForecastSubjectFacts(
        subject: "phys", markDates: [], attendanceDates: [], lessonDates: [p.end], period: p,
        asOf: d),
      // A debt within [P.start, D].
      ForecastSubjectFacts(
        subject: "art", markDates: [d], attendanceDates: [], lessonDates: [], period: p, asOf: d),
      // A mark after D and a lesson after P: not listed.
      ForecastSubjectFacts(
        subject: "music", markDates: [d.adding(days: 1)], attendanceDates: [],
        lessonDates: [p.end.adding(days: 1)], period: p, asOf: d),
      // An attendance row before P: not listed.
      ForecastSubjectFacts(
        subject: "pe", markDates: [], attendanceDates: [p.start.adding(days: -1)], lessonDates: [],
        period: p, asOf: d),
      // An attendance row on P.start.
      ForecastSubjectFacts(
        subject: "rus", markDates: [], attendanceDates: [p.start], lessonDates: [], period: p,
        asOf: d),
      // Not in subjects.csv's order: follows the others.
      ForecastSubjectFacts(subject: "extra", hasOwnRecord: true, classHasLesson: false),
    ]
    let order: [SubjectID] = ["rus", "math", "music", "art", "phys", "pe"]
    #expect(ForecastSubjectFacts.listed(facts, in: order) == ["rus", "art", "phys", "extra"])
    let noPeriod = ForecastSubjectFacts(
      subject: "rus", markDates: [d], attendanceDates: [d], lessonDates: [d], period: nil, asOf: d)
    #expect(!noPeriod.isListed)
  }
}
