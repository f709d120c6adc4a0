import Foundation
import Testing

@testable import DiaryRules

/// R3 (owed and missed weekly sheets) and R6 (pending final-results notices), on hand-made
/// calendars and recipients in the school's zone, `Asia/Yekaterinburg` (UTC+5, no DST).
@Suite("Status rules: owed sheets (R3) and pending notices (R6)")
struct StatusRulesTests {
  static let zone = TimeZone(identifier: "Asia/Yekaterinburg") ?? .current

  static func date(_ text: String) -> LocalDate {
    LocalDate(iso: text) ?? LocalDate(dayNumber: 0)
  }

  static func week(_ text: String) -> SchoolWeek {
    SchoolWeek(text) ?? SchoolWeek(containing: LocalDate(dayNumber: 0))
  }

  /// An instant written with an offset or `Z`, e.g. `2026-11-29T18:59:59Z`.
  static func instant(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.date(from: text) ?? Date(timeIntervalSince1970: 0)
  }

  static func clock(_ text: String) -> SchoolClock { SchoolClock(now: instant(text), zone: zone) }

  /// Mon–Fri (or `weekdays`) inside one term, 2026-11-05 … 2026-12-28, all grades; an autumn
  /// holiday 2026-11-30 … 2026-12-06 makes W49 a week without study days.
  static func calendar(weekdays: Set<Int> = [1, 2, 3, 4, 5]) -> StudyCalendar {
    StudyCalendar(
      studyWeekdays: weekdays,
      terms: [.init(start: date("2026-11-05"), end: date("2026-12-28"), grades: .all)],
      holidays: [.init(start: date("2026-11-30"), end: date("2026-12-06"), grades: .all)],
      extraDays: [])
  }

  static func recipient(_ guardian: GuardianID, _ student: StudentID, grade: Int = 7) -> Recipient {
    Recipient(
      guardian: guardian, student: student, classID: "c07b", className: "7Б", grade: grade,
      delivery: .student, studentName: PersonName(last: "Иванов", first: "Пётр", middle: nil),
      guardianName: PersonName(last: "Иванова", first: "Ольга", middle: nil))
  }

  // MARK: - R3

  @Test(
    "owed only for weeks that start on or after paper_since",
    arguments: [
      ("2026-11-16", "2026-W47", true),
      ("2026-11-16", "2026-W48", true),
      ("2026-11-17", "2026-W47", false),
      ("2026-11-17", "2026-W48", true),
      ("2026-11-23", "2026-W47", false),
    ])
  func owedFromPaperSince(paperSince: String, week: String, owed: Bool) {
    let w = Self.week(week)
    let lastDay = w.monday.adding(days: 4)
    let sheets = OwedSheets.owed(
      in: w, calendar: Self.calendar(), paperSince: Self.date(paperSince),
      recipientsOn: [lastDay: [Self.recipient("g1", "s1")]])
    #expect(sheets == (owed ? [OwedSheet(guardian: "g1", student: "s1", week: w)] : []))
  }

  @Test func defaultPaperSinceIsTheMondayOfTheFirstWeeklyIssue() {
    #expect(
      OwedSheets.paperSince(configured: nil, firstWeeklyIssue: Self.week("2026-W47"))
        == Self.date("2026-11-16"))
    #expect(
      OwedSheets.paperSince(
        configured: Self.date("2026-11-02"), firstWeeklyIssue: Self.week("2026-W47"))
        == Self.date("2026-11-02"))
    #expect(OwedSheets.paperSince(configured: nil, firstWeeklyIssue: nil) == nil)
    #expect(OwedSheets.finishedWeeks(since: nil, clock: Self.clock("2027-01-01T00:00:00Z")) == [])
  }

  @Test("recipients on the week's last study day, not on the batch's Friday")
  func saturdayRefusalIsOwedAndListedUntilIssued() {
    // A six-day school: the Friday batch saw nobody, a refusal signed on Saturday counts.
    let calendar = Self.calendar(weekdays: [1, 2, 3, 4, 5, 6])
    let w48 = Self.week("2026-W48")
    let recipientsOn = [
      Self.date("2026-11-27"): [Recipient](),
      Self.date("2026-11-28"): [Self.recipient("g1", "s1")],
    ]
    #expect(OwedSheets.recipientDates(of: [w48], calendar: calendar) == [Self.date("2026-11-28")])
    let sheet = OwedSheet(guardian: "g1", student: "s1", week: w48)
    let monday = Self.clock("2026-11-30T04:00:00Z")
    let weeks = OwedSheets.finishedWeeks(since: Self.date("2026-11-23"), clock: monday)
    #expect(weeks == [w48])
    #expect(
      OwedSheets.missed(
        weeks: weeks, calendar: calendar, paperSince: Self.date("2026-11-23"),
        recipientsOn: recipientsOn, issued: [], clock: monday) == [sheet])
    #expect(
      OwedSheets.missed(
        weeks: weeks, calendar: calendar, paperSince: Self.date("2026-11-23"),
        recipientsOn: recipientsOn, issued: [sheet], clock: monday) == [])
  }

  @Test func weeksWithoutStudyDaysOweNothing() {
    let w49 = Self.week("2026-W49")
    let everyone = Dictionary(
      uniqueKeysWithValues: w49.days.map { ($0, [Self.recipient("g1", "s1")]) })
    #expect(OwedSheets.lastStudyDays(of: w49, calendar: Self.calendar()).isEmpty)
    #expect(
      OwedSheets.owed(
        in: w49, calendar: Self.calendar(), paperSince: Self.date("2026-11-02"),
        recipientsOn: everyone) == [])
  }

  @Test func aGradeWithoutStudyDaysInTheWeekIsNotOwed() {
    // Grade 9 is on holiday in W48; grade 7 studies until Friday.
    let calendar = StudyCalendar(
      studyWeekdays: [1, 2, 3, 4, 5],
      terms: [.init(start: Self.date("2026-11-05"), end: Self.date("2026-12-28"), grades: .all)],
      holidays: [
        .init(start: Self.date("2026-11-23"), end: Self.date("2026-11-29"), grades: GradeSet([9]))
      ], extraDays: [])
    let w48 = Self.week("2026-W48")
    let sheets = OwedSheets.owed(
      in: w48, calendar: calendar, paperSince: Self.date("2026-11-02"),
      recipientsOn: [
        Self.date("2026-11-27"): [Self.recipient("g1", "s1"), Self.recipient("g9", "s9", grade: 9)]
      ])
    #expect(sheets == [OwedSheet(guardian: "g1", student: "s1", week: w48)])
  }

  @Test(
    "a week is finished when its Sunday has ended in the school's zone",
    arguments: [
      ("2026-11-29T18:59:59Z", false),
      ("2026-11-29T19:00:00Z", true),
      ("2026-11-29T23:59:59+05:00", false),
      ("2026-11-30T00:00:00+05:00", true),
    ])
  func weekFinishesAtLocalMidnight(now: String, finished: Bool) {
    let clock = Self.clock(now)
    let w48 = Self.week("2026-W48")
    #expect(clock.hasFinished(w48) == finished)
    let weeks = OwedSheets.finishedWeeks(since: Self.date("2026-11-16"), clock: clock)
    #expect(weeks == (finished ? [Self.week("2026-W47"), w48] : [Self.week("2026-W47")]))
    let missed = OwedSheets.missed(
      weeks: [w48], calendar: Self.calendar(), paperSince: Self.date("2026-11-16"),
      recipientsOn: [Self.date("2026-11-27"): [Self.recipient("g1", "s1")]], issued: [],
      clock: clock)
    #expect(missed.count == (finished ? 1 : 0))
  }

  @Test(
    arguments: [
      ("2026-11-27T10:00:00Z", "2026-11-27T15:00:00+05:00"),
      ("2026-11-29T19:00:00Z", "2026-11-30T00:00:00+05:00"),
      ("1969-12-31T23:59:59Z", "1970-01-01T04:59:59+05:00"),
    ])
  func timestampsCarryTheSchoolsOffset(instant: String, text: String) {
    #expect(Self.clock(instant).timestamp(Self.instant(instant)) == text)
  }

  // MARK: - R6

  static func mark(_ value: String, at time: String, key: String = "math/q2") -> FinalResult {
    FinalResult(kind: .final, key: key, student: "s1", value: value, recordedAt: instant(time))
  }

  static func coverage(of result: FinalResult, guardian: GuardianID = "g1") -> NoticeCoverage {
    NoticeCoverage(
      guardian: guardian, student: result.student, kind: result.kind, key: result.key,
      value: result.value, recordedAt: result.recordedAt)
  }

  static func pending(
    _ results: [FinalResult], covered: [NoticeCoverage] = [], now: String = "2026-12-28T12:00:00Z",
    recipients: [String: [Recipient]]? = nil
  ) -> [PendingNotice] {
    let clock = clock(now)
    let dates = PendingNotices.recipientDates(of: results, clock: clock)
    var recipientsOn: [LocalDate: [Recipient]] = [:]
    for date in dates {
      recipientsOn[date] = recipients.map { $0[date.iso] ?? [] } ?? [Self.recipient("g1", "s1")]
    }
    return PendingNotices.pending(
      results: results, covered: covered, recipientsOn: recipientsOn, clock: clock)
  }

  @Test func pendingWhenARecipientOnTheLocalDateOfRecording() {
    // 20:00Z on the 24th is already the 25th in Yekaterinburg, where g1 refused on the 25th.
    let late = Self.mark("4", at: "2026-12-24T20:00:00Z")
    let recipients = ["2026-12-25": [Self.recipient("g1", "s1")]]
    #expect(Self.pending([late], recipients: recipients).map(\.guardian) == ["g1"])
    let early = Self.mark("4", at: "2026-12-24T18:59:59Z")
    #expect(Self.pending([early], recipients: recipients) == [])
  }

  @Test func aNoticeCoversWhatItCarriedAndAChangedMarkIsPendingAgain() {
    let four = Self.mark("4", at: "2026-12-25T10:00:00Z")
    let five = Self.mark("5", at: "2026-12-26T10:00:00Z")
    #expect(Self.pending([four], covered: [Self.coverage(of: four)]) == [])
    // Another guardian's notice covers nothing for g1.
    #expect(Self.pending([four], covered: [Self.coverage(of: four, guardian: "g2")]).count == 1)
    let changed = Self.pending([five], covered: [Self.coverage(of: four)])
    #expect(changed.map(\.items) == [[five]])
    // 4, then 5, then back to 4 recorded again: the latest notice (5) is what the family knows.
    let fourAgain = Self.mark("4", at: "2026-12-27T10:00:00Z")
    let back = Self.pending(
      [fourAgain], covered: [Self.coverage(of: four), Self.coverage(of: five)])
    #expect(back.map(\.items) == [[fourAgain]])
  }

  @Test func oneNoticePerPairDueADayAfterTheEarliestItem() {
    let math = Self.mark("4", at: "2026-12-25T10:00:00Z")
    let rus = Self.mark("5", at: "2026-12-24T09:30:00Z", key: "rus/q2")
    let exam = FinalResult(
      kind: .exam, key: "e1", student: "s1", value: "зач|",
      recordedAt: Self.instant("2026-12-26T08:00:00Z"))
    let notices = Self.pending([math, rus, exam])
    #expect(notices.count == 1)
    #expect(notices.first?.items == [rus, math, exam])
    #expect(notices.first?.deadline == Self.instant("2026-12-25T09:30:00Z"))
  }

  @Test func resultsRecordedAfterNowAreNotPendingYet() {
    let later = Self.mark("4", at: "2026-12-29T10:00:00Z")
    #expect(Self.pending([later], now: "2026-12-29T09:59:59Z") == [])
    #expect(Self.pending([later], now: "2026-12-29T10:00:00Z").count == 1)
  }

  @Test(
    "overdue when the deadline is before now, due soon within the next 24 h",
    arguments: [
      ("2026-12-25T10:00:00Z", PendingNotice.Urgency.dueSoon),
      ("2026-12-26T09:59:59Z", .dueSoon),
      ("2026-12-26T10:00:00Z", .dueSoon),
      ("2026-12-26T10:00:01Z", .overdue),
      ("2026-12-25T09:59:59Z", .later),
    ])
  func urgency(now: String, expected: PendingNotice.Urgency) {
    let notice = PendingNotice(
      guardian: "g1", student: "s1", items: [],
      deadline: Self.instant("2026-12-26T10:00:00Z"))
    #expect(notice.urgency(at: Self.instant(now)) == expected)
  }
}
