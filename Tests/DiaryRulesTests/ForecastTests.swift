import Foundation
import Testing

@testable import DiaryRules

/// Builders shared by the forecast tests: a II четверть of 2026 and scales from text.
enum ForecastFixture {
  static func day(_ iso: String) -> LocalDate { LocalDate(iso: iso) ?? LocalDate(dayNumber: 0) }

  static func decimal(_ text: String) -> Decimal { Decimal(string: text) ?? 0 }

  /// Q2: 2026-11-09 … 2026-12-29, 50 days from start to end.
  static let q2 = ForecastPeriod(
    id: "Q2", name: "II четверть", start: day("2026-11-09"), end: day("2026-12-29"))
  /// The §5 example's as-of date.
  static let asOf = day("2026-11-27")

  /// A 2–5 scale with thresholds for 3, 4, 5 written as in `school.toml`.
  static func scale(
    _ thresholds: [String], base: String = "1", minMarks: Int = 3, share: String = "0.5"
  ) -> GradingScale {
    GradingScale(
      marks: [2, 3, 4, 5],
      thresholds: Dictionary(uniqueKeysWithValues: zip([3, 4, 5], thresholds.map(decimal))),
      baseWeight: decimal(base), minMarks: minMarks, maxAbsenceShare: decimal(share))
  }

  static let standard = scale(["2.5", "3.5", "4.5"])

  /// Marks of one weight, one a day from the period's start, cycling through the 19 days of
  /// [P.start, D] so that every one counts.
  static func marks(_ values: [Int], weightE4: Int64 = 10_000) -> [ForecastInput.Mark] {
    values.enumerated().map { i, v in
      ForecastInput.Mark(value: v, weightE4: weightE4, date: q2.start.adding(days: i % 19))
    }
  }

  static func forecast(
    _ marks: [ForecastInput.Mark], scale: GradingScale = standard, asOf: LocalDate = asOf,
    period: ForecastPeriod? = q2, unmarked: Bool = false,
    attendance: [ForecastInput.Attendance] = [], lessons: [LocalDate]? = nil,
    finalMark: String? = nil
  ) -> SubjectForecast {
    SubjectForecast(
      ForecastInput(
        subject: "math", asOf: asOf, period: period, scale: scale, gradeIsUnmarked: unmarked,
        marks: marks, attendance: attendance, lessonDates: lessons, finalMark: finalMark))
  }

  /// `count` lesson dates ending on `last`, one a day backwards.
  static func lessons(_ count: Int, endingOn last: LocalDate) -> [LocalDate] {
    (0..<count).map { last.adding(days: -$0) }
  }
}

@Suite("§3 forecast: the figures")
struct ForecastTests {
  typealias F = ForecastFixture

  // MARK: - The §5 example

  @Test func designExample() {
    // 20 lessons in [P.start, D] (two on D) and 9 after D, one absence.
    let lessons =
      F.lessons(19, endingOn: F.asOf) + [F.asOf] + (1...9).map { F.asOf.adding(days: $0 * 2) }
    let forecast = F.forecast(
      F.marks([5, 4, 4, 5, 4, 3, 5]),
      attendance: [ForecastInput.Attendance(date: F.asOf, code: .absent)], lessons: lessons)
    #expect(forecast.period == "Q2")
    #expect(forecast.marks == 7)
    #expect(forecast.roundedAverage == F.decimal("4.2857"))
    #expect(forecast.averageText() == "4,28")
    #expect(forecast.averageText(decimalSeparator: ".") == "4.28")
    #expect(forecast.projected == 4)
    #expect(forecast.toNext == 3)
    #expect(forecast.toDrop == 4)
    #expect(forecast.absences == 1)
    #expect(forecast.lessons == 20)
    #expect(forecast.remainingLessons == 9)
    #expect(forecast.nextReachable == true)
    #expect(forecast.exempt == false)
    #expect(forecast.fewMarks == false)
    #expect(forecast.attestationRisk == false)
    #expect(forecast.finalMark == nil)
    let line = ForecastWhatIf.line(for: forecast, on: F.standard)
    #expect(line.map(\.value) == [5, 4, 3])
    #expect(line.map { $0.averageText() } == ["4,37", "4,25", "4,12"])
  }

  // MARK: - Thresholds and weights

  /// (values, weight_e4 of each, thresholds, base weight) →
  /// (projected, to_next, to_drop, average_text, average rounded to 4 decimals).
  @Test(
    arguments: [
      // 2.5 / 3.5 / 4.5: an average exactly on a threshold reaches it.
      (([4, 5], [10_000, 10_000], ["2.5", "3.5", "4.5"], "1"), (5, nil, 1, "4,50", "4.5")),
      (([3, 4], [10_000, 10_000], ["2.5", "3.5", "4.5"], "1"), (4, 4, 1, "3,50", "3.5")),
      (([2, 2], [10_000, 10_000], ["2.5", "3.5", "4.5"], "1"), (2, 1, nil, "2,00", "2")),
      (
        ([5, 5, 4], [10_000, 10_000, 10_000], ["2.5", "3.5", "4.5"], "1"),
        (5, nil, 1, "4,66", "4.6667")
      ),
      // МЭШ 2.51 / 3.51 / 4.51: 4.5 is a 4 and 3.5 a 3.
      (([4, 5], [10_000, 10_000], ["2.51", "3.51", "4.51"], "1"), (4, 1, 2, "4,50", "4.5")),
      (([3, 4], [10_000, 10_000], ["2.51", "3.51", "4.51"], "1"), (3, 1, 4, "3,50", "3.5")),
      (
        (
          Array(repeating: 5, count: 48) + [4, 4], Array(repeating: 10_000, count: 50),
          ["2.51", "3.51", "4.51"], "1"
        ), (5, nil, 9, "4,96", "4.96")
      ),
      // 2.6 / 3.6 / 4.6.
      (
        ([5, 4, 5, 4, 5], Array(repeating: 10_000, count: 5), ["2.6", "3.6", "4.6"], "1"),
        (5, nil, 1, "4,60", "4.6")
      ),
      (([5, 4], [10_000, 10_000], ["2.6", "3.6", "4.6"], "1"), (4, 1, 2, "4,50", "4.5")),
      // Decimal weights 0.5, 1.5, 1.25: Sum 12, W 3.25.
      (
        ([5, 3, 4], [5_000, 15_000, 12_500], ["2.5", "3.5", "4.5"], "1"),
        (4, 6, 1, "3,69", "3.6923")
      ),
      // Сетевой город: weights in tens, base weight 10.
      (
        ([5, 4, 4, 5, 4, 3, 5], Array(repeating: 100_000, count: 7), ["2.5", "3.5", "4.5"], "10"),
        (4, 3, 4, "4,28", "4.2857")
      ),
      (
        ([5, 3, 4], [200_000, 100_000, 100_000], ["2.5", "3.5", "4.5"], "10"),
        (4, 2, 3, "4,25", "4.25")
      ),
      // A base weight of 1.25 with ordinary marks of 1.25.
      (
        (
          [5, 4, 4, 5, 4, 3, 5], Array(repeating: 12_500, count: 7), ["2.5", "3.5", "4.5"], "1.25"
        ),
        (4, 3, 4, "4,28", "4.2857")
      ),
      // 4.595 against 4.6 is a 4 and prints 4,59 (a rounded 4.60 would have made it a 5).
      (([5, 4], [5_950, 4_050], ["2.6", "3.6", "4.6"], "1"), (4, 1, 1, "4,59", "4.595")),
      // 23/5 prints 4,60.
      (
        ([5, 5, 5, 4, 4], Array(repeating: 10_000, count: 5), ["2.5", "3.5", "4.5"], "1"),
        (5, nil, 1, "4,60", "4.6")
      ),
    ] as [(([Int], [Int64], [String], String), (Int?, Int?, Int?, String, String))])
  func thresholds(
    input: ([Int], [Int64], [String], String),
    expected: (Int?, Int?, Int?, String, String)
  ) {
    let (values, weights, thresholds, base) = input
    let marks = zip(values, weights).enumerated().map { i, pair in
      ForecastInput.Mark(value: pair.0, weightE4: pair.1, date: F.q2.start.adding(days: i % 19))
    }
    let forecast = F.forecast(marks, scale: F.scale(thresholds, base: base))
    #expect(forecast.projected == expected.0)
    #expect(forecast.toNext == expected.1)
    #expect(forecast.toDrop == expected.2)
    #expect(forecast.averageText() == expected.3)
    #expect(forecast.roundedAverage == F.decimal(expected.4))
  }

  @Test func weightsNotCountsDivide() {
    // 5 of weight 3 and 2 of weight 1: 17/4 = 4.25, where counting marks would give 3.5.
    let marks = [
      ForecastInput.Mark(value: 5, weightE4: 30_000, date: F.q2.start),
      ForecastInput.Mark(value: 2, weightE4: 10_000, date: F.q2.start),
    ]
    let forecast = F.forecast(marks)
    #expect(forecast.marks == 2)
    #expect(forecast.averageText() == "4,25")
    #expect(forecast.projected == 4)
    #expect(forecast.tally.weight == 40_000)
    #expect(forecast.tally.sum == 170_000)
  }

  /// A threshold just below the top needs a long run of top marks: the closed form finds it at
  /// once, and it is the smallest count that reaches.
  @Test func farThresholdIsFoundWithoutSearching() {
    let scale = F.scale(["2.5", "3.5", "4.9999"])
    let forecast = F.forecast(F.marks(Array(repeating: 4, count: 100)), scale: scale)
    #expect(forecast.projected == 4)
    #expect(forecast.toNext == 999_900)
    let k = forecast.toNext ?? 0
    let after = forecast.tally.adding(value: 5, weightE4: 10_000, times: k)
    let before = forecast.tally.adding(value: 5, weightE4: 10_000, times: k - 1)
    #expect(after.projected(on: scale) == 5)
    #expect(before.projected(on: scale) == 4)
  }

  /// Weights far beyond any school still sum exactly: products and partial sums that would
  /// overflow `Int64` move to `Decimal`.
  @Test(arguments: [Int64.max / 4, Int64(1) << 61, 1_000_000_000_000_000, 9_999_999_999_999])
  func hugeWeightsStayExact(weight: Int64) {
    let forecast = F.forecast(F.marks([5, 3, 4, 4], weightE4: weight))
    #expect(forecast.tally.weight == Decimal(weight) * 4)
    #expect(forecast.tally.sum == Decimal(weight) * 16)
    #expect(forecast.averageText() == "4,00")
    #expect(forecast.projected == 4)
    // Ordinary marks weigh 1 (10 000): t·W − Sum = 2w for a 5, Sum − t·W = 2w for a 3.
    let twice = Int(weight) * 2
    #expect(forecast.toNext == (twice + 4_999) / 5_000)
    #expect(forecast.toDrop == twice / 15_000 + 1)
    #expect(forecast.roundedAverage == 4)
  }

  // MARK: - Which marks count

  @Test func marksOutsideTheWindowDebtsAndUncountedMarksAreIgnored() {
    let end = F.q2.end
    let marks = [
      ForecastInput.Mark(value: 5, weightE4: 10_000, date: F.q2.start),
      ForecastInput.Mark(value: 5, weightE4: 10_000, date: F.asOf),
      ForecastInput.Mark(value: 2, weightE4: 10_000, date: F.q2.start.adding(days: -1)),
      ForecastInput.Mark(value: 2, weightE4: 10_000, date: F.asOf.adding(days: 1)),
      ForecastInput.Mark(value: nil, weightE4: 10_000, date: F.asOf),
      ForecastInput.Mark(value: 2, weightE4: 10_000, counted: false, date: F.asOf),
      ForecastInput.Mark(value: 2, weightE4: 10_000, date: end.adding(days: 1)),
    ]
    let forecast = F.forecast(marks)
    #expect(forecast.marks == 2)
    #expect(forecast.averageText() == "5,00")
    #expect(forecast.projected == 5)
    // After the period, E = P.end: the mark after P.end stays out, the one after the old D in.
    let later = F.forecast(marks, asOf: end.adding(days: 5))
    #expect(later.marks == 3)
    #expect(later.averageText() == "4,00")
    // Only a debt and an uncounted mark: no average, no projection.
    let none = F.forecast(Array(marks[4...5]))
    #expect(none.marks == 0)
    #expect(none.average == nil)
    #expect(none.averageText() == nil)
    #expect(none.projected == nil && none.toNext == nil && none.toDrop == nil)
    #expect(none.fewMarks == true)
  }

  // MARK: - Attendance, lessons, flags

  @Test(arguments: AttendanceCode.allCases)
  func onlyAbsenceCodesCount(code: AttendanceCode) {
    let rows = [
      ForecastInput.Attendance(date: F.asOf, code: code),
      ForecastInput.Attendance(date: F.q2.start.adding(days: -1), code: .absent),
      ForecastInput.Attendance(date: F.asOf.adding(days: 1), code: .absent),
    ]
    let forecast = F.forecast(F.marks([5, 5, 5]), attendance: rows)
    let expected = [AttendanceCode.absent, .ill, .excused].contains(code) ? 1 : 0
    #expect(forecast.absences == expected)
  }

  @Test func lessonsUpToDAndRemainingAfterIt() {
    let lessons = [
      F.q2.start.adding(days: -1), F.q2.start, F.asOf, F.asOf, F.asOf.adding(days: 1), F.q2.end,
      F.q2.end.adding(days: 1),
    ]
    let forecast = F.forecast(F.marks([5, 5, 5]), lessons: lessons)
    #expect(forecast.lessons == 3)
    #expect(forecast.remainingLessons == 2)
    let none = F.forecast(F.marks([5, 5, 5]), lessons: nil)
    #expect(none.lessons == nil && none.remainingLessons == nil && none.nextReachable == nil)
    let empty = F.forecast(F.marks([5, 5, 5]), lessons: [])
    #expect(empty.lessons == 0 && empty.remainingLessons == 0)
  }

  /// The §5 marks need 3 more fives: reachable with 3 lessons left, not with 2.
  @Test(arguments: [(9, true), (3, true), (2, false), (0, false)])
  func nextReachable(remaining: Int, reachable: Bool) {
    let lessons = (0..<remaining).map { F.asOf.adding(days: $0 + 1) }
    let forecast = F.forecast(F.marks([5, 4, 4, 5, 4, 3, 5]), lessons: lessons)
    #expect(forecast.toNext == 3)
    #expect(forecast.nextReachable == reachable)
  }

  @Test func nextReachableIsNilAtTheTop() {
    let forecast = F.forecast(F.marks([5, 5, 5]), lessons: [F.q2.end])
    #expect(forecast.toNext == nil)
    #expect(forecast.nextReachable == nil)
  }

  /// (counted marks, attendance codes in the window) → exempt.
  @Test(
    arguments: [
      ([], [AttendanceCode.exempt], true),
      ([], [.exempt, .exempt], true),
      ([], [], false),
      ([], [.exempt, .late], false),
      ([], [.exempt, .absent], false),
      ([5], [.exempt], false),
    ] as [([Int], [AttendanceCode], Bool)])
  func exempt(values: [Int], codes: [AttendanceCode], exempt: Bool) {
    let rows = codes.map { ForecastInput.Attendance(date: F.asOf, code: $0) }
    // Late in the period with no marks: exemption is what keeps the risk off.
    let late = F.q2.end.adding(days: -1)
    let forecast = F.forecast(F.marks(values), asOf: late, attendance: rows)
    #expect(forecast.exempt == exempt)
    if exempt { #expect(forecast.attestationRisk == false) }
  }

  @Test(arguments: [(2, 3, true), (3, 3, false), (0, 0, false), (0, 1, true)])
  func fewMarks(count: Int, minMarks: Int, few: Bool) {
    let scale = F.scale(["2.5", "3.5", "4.5"], minMarks: minMarks)
    let forecast = F.forecast(F.marks(Array(repeating: 4, count: count)), scale: scale)
    #expect(forecast.fewMarks == few)
    #expect(forecast.marks == count)
  }

  /// (counted marks, days from D to P.end, absences, lessons, share) → attestation risk.
  /// Q2 is 50 days long: fewer than a quarter remain when 4·(P.end − D) < 50, i.e. ≤ 12 days.
  @Test(
    arguments: [
      (2, 13, 0, 10, "0.5", false),
      (2, 12, 0, 10, "0.5", true),
      (2, 0, 0, 10, "0.5", true),
      (2, -3, 0, 10, "0.5", true),  // P ended before D
      (3, 0, 0, 10, "0.5", false),
      (3, 20, 5, 10, "0.5", false),
      (3, 20, 6, 10, "0.5", true),
      (3, 20, 3, 10, "0.25", true),
      (3, 20, 3, 12, "0.25", false),
      (3, 20, 1, 10, "0", true),
      (3, 20, 0, 10, "0", false),
      (3, 20, 10, 10, "1", false),
      (3, 20, 5, 0, "0.5", false),  // absences with no lesson in the window
    ] as [(Int, Int, Int, Int, String, Bool)])
  func attestationRisk(
    count: Int, daysLeft: Int, absences: Int, lessons: Int, share: String, risk: Bool
  ) {
    let asOf = F.q2.end.adding(days: -daysLeft)
    let scale = F.scale(["2.5", "3.5", "4.5"], share: share)
    let rows = (0..<absences).map {
      ForecastInput.Attendance(date: F.q2.start.adding(days: $0), code: .ill)
    }
    let forecast = F.forecast(
      F.marks(Array(repeating: 4, count: count)), scale: scale, asOf: asOf, attendance: rows,
      lessons: (0..<lessons).map { F.q2.start.adding(days: $0) })
    #expect(forecast.absences == absences)
    #expect(forecast.attestationRisk == risk)
  }

  // MARK: - Unmarked grades, no period, final marks

  @Test func unmarkedGradeGivesOnlyAttendance() {
    let rows = [
      ForecastInput.Attendance(date: F.asOf, code: .absent),
      ForecastInput.Attendance(date: F.asOf, code: .exempt),
    ]
    let forecast = F.forecast(
      F.marks([5]), asOf: F.q2.end.adding(days: -1), unmarked: true, attendance: rows,
      lessons: [F.q2.start, F.q2.end], finalMark: "зач")
    #expect(forecast.absences == 1)
    #expect(forecast.lessons == 1)
    #expect(forecast.remainingLessons == 1)
    #expect(forecast.marks == nil && forecast.average == nil && forecast.averageText() == nil)
    #expect(forecast.roundedAverage == nil)
    #expect(forecast.projected == nil && forecast.toNext == nil && forecast.toDrop == nil)
    #expect(forecast.nextReachable == nil)
    #expect(forecast.exempt == false && forecast.fewMarks == false)
    #expect(forecast.attestationRisk == false)
    #expect(forecast.finalMark == nil)
    #expect(ForecastWhatIf.line(for: forecast, on: F.standard).isEmpty)
  }

  @Test func withoutAPeriodEveryFigureIsNil() {
    let forecast = F.forecast(
      F.marks([5, 4]), period: nil, attendance: [.init(date: F.asOf, code: .absent)],
      lessons: [F.asOf], finalMark: "5")
    #expect(forecast.period == nil)
    #expect(forecast.marks == nil && forecast.projected == nil && forecast.averageText() == nil)
    #expect(forecast.absences == nil && forecast.lessons == nil)
    #expect(forecast.remainingLessons == nil)
    #expect(forecast.exempt == nil && forecast.fewMarks == nil)
    #expect(forecast.attestationRisk == nil && forecast.finalMark == nil)
  }

  @Test(
    arguments: [
      ("5", "5"), ("Н/А", "н/а"), ("ЗАЧ", "зач"), ("Незач", "незач"), ("осв", "осв"), (" 4 ", "4"),
      ("", nil),
    ] as [(String, String?)])
  func finalMarkIsLowerCased(stored: String, shown: String?) {
    let forecast = F.forecast(F.marks([5, 4]), finalMark: stored)
    #expect(forecast.finalMark == shown)
    // The figures stay for the manifest.
    #expect(forecast.projected == 5)
  }

  // MARK: - What-if

  @Test func whatIfUsesTheBaseWeightAndGivenValues() {
    let scale = F.scale(["2.5", "3.5", "4.5"], base: "10")
    let forecast = F.forecast(F.marks([5, 4, 4, 5, 4, 3, 5], weightE4: 100_000), scale: scale)
    let line = ForecastWhatIf.line(for: forecast, on: scale, values: [5, 2])
    #expect(line.map { $0.averageText() } == ["4,37", "4,00"])
    #expect(line.map(\.figures.projected) == [4, 4])
    // A base weight that is not whole in 1/10 000 units takes the Decimal path:
    // (9 + 5·1.00005) / 3.00005 = 4.66667…; (9 + 3·1.00005) / 3.00005 = 3.99998… prints 3,99.
    let odd = F.scale(["2.5", "3.5", "4.5"], base: "1.00005")
    let oddLine = ForecastWhatIf.line(for: F.forecast(F.marks([5, 4]), scale: odd), on: odd)
    #expect(oddLine.map { $0.averageText() } == ["4,66", "4,33", "3,99"])
    #expect(oddLine.first?.figures.roundedAverage == F.decimal("4.6667"))
    let first = ForecastWhatIf.line(for: F.forecast([]), on: F.standard)
    #expect(first.map { $0.averageText(decimalSeparator: ".") } == ["5.00", "4.00", "3.00"])
  }
}
