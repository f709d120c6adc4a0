import Testing

@testable import DiaryRules

@Suite("Dates and ISO weeks")
struct CalendarTests {
  @Test(arguments: [
    ("2026-11-23", "2026-W48", 1),
    ("2026-11-29", "2026-W48", 7),
    ("2026-12-28", "2026-W53", 1),
    ("2027-01-03", "2026-W53", 7),
    ("2027-01-04", "2027-W01", 1),
    ("2024-12-30", "2025-W01", 1),
    ("2021-01-03", "2020-W53", 7),
    ("2023-01-01", "2022-W52", 7),
  ])
  func isoWeeks(date: String, week: String, weekday: Int) throws {
    let day = try #require(LocalDate(iso: date))
    #expect(SchoolWeek(containing: day).description == week)
    #expect(day.isoWeekday == weekday)
    let parsed = try #require(SchoolWeek(week))
    #expect(parsed.contains(day))
    #expect(parsed.monday.isoWeekday == 1)
    #expect(parsed.sunday.isoWeekday == 7)
  }

  @Test(arguments: [(2026, 53), (2020, 53), (2025, 52), (2015, 53), (2027, 52)])
  func weeksInYear(year: Int, weeks: Int) {
    #expect(SchoolWeek.weeks(inISOYear: year) == weeks)
    #expect(SchoolWeek(year: year, number: weeks) != nil)
    #expect(SchoolWeek(year: year, number: weeks + 1) == nil)
  }

  @Test func dayNumbersRoundTrip() throws {
    var day = try #require(LocalDate(year: 1999, month: 12, day: 25))
    for _ in 0..<3000 {
      let (y, m, d) = day.components
      #expect(LocalDate(year: y, month: m, day: d) == day)
      #expect(LocalDate(iso: day.iso) == day)
      day = day.adding(days: 1)
    }
    #expect(LocalDate(year: 2026, month: 2, day: 29) == nil)
    #expect(LocalDate(year: 2024, month: 2, day: 29) != nil)
    #expect(LocalDate(year: 2026, month: 4, day: 31) == nil)
  }

  @Test(arguments: [
    ("7", [7]), ("10-11", [10, 11]), ("5 7 9", [5, 7, 9]), ("1-4 9", [1, 2, 3, 4, 9]),
    ("", Array(1...11)),
  ])
  func gradeSets(text: String, grades: [Int]) throws {
    let set = try #require(GradeSet(parsing: text))
    #expect(set.grades == grades)
    #expect(GradeSet(parsing: set.description) == set)
  }

  @Test(arguments: ["0", "12", "11-10", "a", "1-", "-3", "1--2"])
  func badGradeSets(text: String) {
    #expect(GradeSet(parsing: text) == nil)
  }

  @Test(arguments: [
    ("s1", true), ("7Б", true), ("m00011", true), ("a.b-c_d", true), ("-a", false),
    ("a/b", false), ("..", false), ("", false), ("a b", false),
    (String(repeating: "x", count: 64), true),
    (String(repeating: "x", count: 65), false), ("ж", true), ("_x", false), ("a\u{0}", false),
  ])
  func idRule(id: String, valid: Bool) {
    #expect(IDRule.isValid(id) == valid)
  }
}
