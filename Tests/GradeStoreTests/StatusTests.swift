import DiaryRules
import Foundation
import GRDB
import Testing

@testable import GradeStore

/// What `status` and `ledger` read from a real store (the `good` fixture), with ledger rows and
/// notice items inserted as SQL to stand for issued sheets and notices, and the pure rules of
/// R3 and R6 applied to it as the status workflow does.
@Suite("Status and ledger reads from the store")
struct StatusTests {
  static let zone = TimeZone(identifier: "Asia/Yekaterinburg") ?? .current

  static func date(_ text: String) throws -> LocalDate { try #require(LocalDate(iso: text)) }
  static func week(_ text: String) throws -> SchoolWeek { try #require(SchoolWeek(text)) }

  static func clock(_ text: String) throws -> SchoolClock {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return SchoolClock(now: try #require(formatter.date(from: text)), zone: zone)
  }

  /// The fixture imported, and a helper that runs SQL on it.
  struct Imported {
    let fixture: ImportFixture
    let store: GradeStore

    init() throws {
      fixture = try ImportFixture()
      store = try fixture.makeStore()
      try fixture.importSet(into: store)
    }

    func execute(_ sql: String) throws {
      try DatabaseQueue(path: store.path).write { db in try db.execute(sql: sql) }
    }

    /// A weekly issue (or a reissue of `replaces`) of `week` for (guardian, student).
    func issue(
      _ id: String, _ guardian: String, _ student: String, week: String?,
      kind: String = "weekly", replaces: String? = nil, at time: String = "2026-11-20T10:00:00Z"
    ) throws {
      try DatabaseQueue(path: store.path).write { db in
        try db.execute(
          sql: """
            INSERT INTO ledger (issue_id, kind, guardian_id, student_id, class_id, week, replaces,
              reason, operator, created_at, as_of, import_id, file, sha256)
            VALUES (?, ?, ?, ?, 'c07b', ?, ?, ?, 'office', ?, '2026-11-20', 1, ?, 'ab12')
            """,
          arguments: [
            id, kind, guardian, student, week, replaces, replaces.map { _ in "lost" }, time,
            "/srv/out/\(id).pdf",
          ])
      }
    }
  }

  @Test func finalResultsCarryKeysValuesAndTimes() throws {
    let imported = try Imported()
    let results = try imported.store.finalResults()
    let described = results.map {
      "\($0.kind.rawValue) \($0.student) \($0.key) \($0.value) \(Instant.stamp($0.recordedAt))"
    }
    #expect(
      described == [
        "final s1 math/q1 4 2026-10-24T10:00:00Z",
        "final s3 alg/q1 н/а 2026-11-18T11:06:40Z",
        "final s4 phys/q1 осв 2026-11-18T11:06:40Z",
        "exam s3 e1 зач| 2026-11-21T05:00:00Z",
      ])
  }

  @Test func recipientsOnEachDateAreThoseOfEachDay() throws {
    let imported = try Imported()
    let dates = [
      try Self.date("2026-09-02"), try Self.date("2026-10-15"), try Self.date("2026-11-27"),
    ]
    let byDate = try imported.store.recipients(onEach: dates + dates)
    #expect(byDate.count == 3)
    for date in dates {
      #expect(byDate[date] == (try imported.store.recipients(on: date)))
    }
    // s2's guardian annulled on 2026-10-01 and refused again on 2026-11-02.
    #expect(byDate[try Self.date("2026-10-15")]?.contains { $0.student == "s2" } == false)
    #expect(byDate[try Self.date("2026-11-27")]?.contains { $0.student == "s2" } == true)
  }

  @Test func ledgerRowsInCreationOrderFilteredByWeekAndStudent() throws {
    let imported = try Imported()
    #expect(try imported.store.firstWeeklyIssueWeek() == nil)
    try imported.issue("2026-W48-00001", "g2", "s1", week: "2026-W48")
    try imported.issue("2026-W47-00001", "g1", "s1", week: "2026-W47")
    try imported.issue(
      "2026-W47-00002", "g1", "s1", week: "2026-W47", kind: "reissue", replaces: "2026-W47-00001")
    try imported.issue("N-000001", "g4", "s3", week: nil, kind: "notice")

    #expect(try imported.store.firstWeeklyIssueWeek() == (try Self.week("2026-W47")))
    #expect(try imported.store.issuedWeeklySheets().count == 2)
    #expect(
      try imported.store.issuedWeeklySheets(week: try Self.week("2026-W48"))
        == [OwedSheet(guardian: "g2", student: "s1", week: try Self.week("2026-W48"))])

    let all = try imported.store.ledgerEntries()
    #expect(
      all.map(\.issueID) == ["2026-W48-00001", "2026-W47-00001", "2026-W47-00002", "N-000001"])
    let reissue = try #require(all.dropFirst(2).first)
    #expect(reissue.kind == .reissue)
    #expect(reissue.replaces == "2026-W47-00001")
    #expect(reissue.reason == "lost")
    #expect(reissue.asOf == (try Self.date("2026-11-20")))
    #expect(reissue.importID == 1)
    #expect(Instant.stamp(reissue.createdAt) == "2026-11-20T10:00:00Z")
    #expect(all.last?.week == nil)
    let w47 = try imported.store.ledgerEntries(week: try Self.week("2026-W47"))
    #expect(w47.map(\.issueID) == ["2026-W47-00001", "2026-W47-00002"])
    #expect(try imported.store.ledgerEntries(student: "s3").map(\.issueID) == ["N-000001"])
    #expect(try imported.store.ledgerEntries(week: try Self.week("2026-W47"), student: "s3") == [])
  }

  /// Missed sheets as the status workflow finds them: paper_since from the first weekly issue.
  static func missed(_ store: GradeStore, at clock: SchoolClock) throws -> [String] {
    let calendar = try store.studyCalendar()
    let paperSince = OwedSheets.paperSince(
      configured: try store.settings()?.paperSince,
      firstWeeklyIssue: try store.firstWeeklyIssueWeek())
    let weeks = OwedSheets.finishedWeeks(since: paperSince, clock: clock)
    let recipientsOn = try store.recipients(
      onEach: OwedSheets.recipientDates(of: weeks, calendar: calendar))
    return OwedSheets.missed(
      weeks: weeks, calendar: calendar, paperSince: paperSince, recipientsOn: recipientsOn,
      issued: try store.issuedWeeklySheets(), clock: clock
    ).map { "\($0.week) \($0.guardian) \($0.student)" }
  }

  @Test(
    "missed sheets from the first weekly issue; W48 counts once its Sunday ends in Yekaterinburg",
    arguments: [
      ("2026-11-29T18:59:59Z", ["2026-W47 g2 s1", "2026-W47 g3 s2", "2026-W47 g4 s3"]),
      (
        "2026-11-29T19:00:00Z",
        [
          "2026-W47 g2 s1", "2026-W47 g3 s2", "2026-W47 g4 s3", "2026-W48 g1 s1",
          "2026-W48 g3 s2", "2026-W48 g4 s3",
        ]
      ),
    ])
  func missedSheets(now: String, expected: [String]) throws {
    let imported = try Imported()
    #expect(try Self.missed(imported.store, at: try Self.clock(now)) == [])
    try imported.issue("2026-W47-00001", "g1", "s1", week: "2026-W47")
    try imported.issue("2026-W48-00001", "g2", "s1", week: "2026-W48")
    #expect(try Self.missed(imported.store, at: try Self.clock(now)) == expected)
  }

  /// Pending notices as the status workflow finds them.
  static func pending(_ store: GradeStore, at clock: SchoolClock) throws -> [String] {
    let results = try store.finalResults()
    let recipientsOn = try store.recipients(
      onEach: PendingNotices.recipientDates(of: results, clock: clock))
    return PendingNotices.pending(
      results: results, covered: try store.noticeCoverage(), recipientsOn: recipientsOn,
      clock: clock
    ).map {
      "\($0.guardian) \($0.student) \(clock.timestamp($0.deadline)) "
        + $0.items.map(\.key).joined(separator: ",")
    }
  }

  @Test func pendingNoticesUntilANoticeCoversThemAndAgainAfterAChange() throws {
    let imported = try Imported()
    let now = try Self.clock("2026-11-27T15:00:00+05:00")
    #expect(
      try Self.pending(imported.store, at: now) == [
        "g1 s1 2026-10-25T15:00:00+05:00 math/q1",
        "g2 s1 2026-10-25T15:00:00+05:00 math/q1",
        "g4 s3 2026-11-19T16:06:40+05:00 alg/q1,e1",
      ])
    try imported.issue("N-000001", "g4", "s3", week: nil, kind: "notice")
    try imported.execute(
      """
      INSERT INTO notice_items (issue_id, kind, item_key, value, recorded_at)
      VALUES ('N-000001', 'final', 'alg/q1', 'н/а', '2026-11-18T11:06:40Z');
      """)
    #expect(try imported.store.noticeCoverage().map(\.key) == ["alg/q1"])
    #expect(
      try Self.pending(imported.store, at: now).last == "g4 s3 2026-11-22T10:00:00+05:00 e1")
    // The mark is changed by a later import: pending again, due a day after the change.
    try imported.execute(
      """
      UPDATE final_marks SET value = '3', recorded_at = '2026-11-26T09:00:00Z'
      WHERE student_id = 's3' AND subject_id = 'alg';
      """)
    #expect(
      try Self.pending(imported.store, at: now).last
        == "g4 s3 2026-11-22T10:00:00+05:00 e1,alg/q1")
  }

  @Test func noticeItemsAreImmutable() throws {
    let imported = try Imported()
    try imported.issue("N-000001", "g4", "s3", week: nil, kind: "notice")
    try imported.execute(
      """
      INSERT INTO notice_items (issue_id, kind, item_key, value, recorded_at)
      VALUES ('N-000001', 'exam', 'e1', 'зач|', '2026-11-21T05:00:00Z');
      """)
    #expect(throws: DatabaseError.self) {
      try imported.execute("DELETE FROM notice_items")
    }
    #expect(throws: DatabaseError.self) {
      try imported.execute("UPDATE notice_items SET value = 'x'")
    }
  }
}
