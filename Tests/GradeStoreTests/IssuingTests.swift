import DiaryRules
import Foundation
import GRDB
import Testing

@testable import GradeStore

/// Issuing as the store does it (§5): ids reserved in order and never reused, a group of ledger
/// rows recorded all or nothing (R3), the current issue of each pair after a reissue (R4),
/// notice items (R6), class file numbers and the runs of a week.
@Suite("Issuing: reservations, ledger groups, current issues")
struct IssuingTests {
  static let now = Date(timeIntervalSince1970: 1_795_000_000)

  /// The week's current issues, class by class, as the manifest reads them.
  static func weekIssues(_ store: GradeStore, _ week: SchoolWeek) throws -> [ClassIssue] {
    try store.weekClasses(week: week).flatMap {
      try store.classIssues(week: week, classID: $0.classID)
    }
  }

  static func week(_ text: String) throws -> SchoolWeek { try #require(SchoolWeek(text)) }

  /// The `good` fixture imported into a new store.
  struct Imported {
    let fixture: ImportFixture
    let store: GradeStore

    init() throws {
      fixture = try ImportFixture()
      store = try fixture.makeStore()
      try fixture.importSet(into: store)
    }

    func count(_ table: String) throws -> Int {
      try DatabaseQueue(path: store.path).read { db in
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? -1
      }
    }

    /// Reserves `request` and makes the document a run would record for it.
    func issue(
      _ request: IssueRequest, reason: String? = nil, covers: [FinalResult] = [],
      classID: ClassID = "c07b", pages: Int = 2
    ) throws -> IssuedDocument {
      let id = try #require(try store.reserveIssues([request], at: IssuingTests.now).first)
      return IssuedDocument(
        issueID: id, kind: request.kind, guardian: request.guardian, student: request.student,
        classID: classID, week: request.week, replaces: request.replaces, reason: reason,
        operatorName: "office", createdAt: IssuingTests.now,
        asOf: request.week.map { $0.monday.adding(days: 4) }, importID: 1,
        file: "/out/\(id).pdf", sha256: String(repeating: "ab", count: 32), pages: pages,
        entry: #"{"issue_id":"\#(id)"}"#, covers: covers)
    }
  }

  @Test("ids: <week>-<5 digits> per week, N-<6 digits> for notices, in the requests' order")
  func idsInOrder() throws {
    let imported = try Imported()
    let (w48, w49) = (try Self.week("2026-W48"), try Self.week("2026-W49"))
    let ids = try imported.store.reserveIssues(
      [
        .weekly(guardian: "g1", student: "s1", week: w48),
        .weekly(guardian: "g2", student: "s1", week: w48),
        .notice(guardian: "g1", student: "s1"),
        .weekly(guardian: "g3", student: "s2", week: w49),
        .reissue(guardian: "g3", student: "s2", week: w48, replaces: "2026-W48-00001"),
      ], at: Self.now)
    #expect(
      ids == [
        "2026-W48-00001", "2026-W48-00002", "N-000001", "2026-W49-00001", "2026-W48-00003",
      ])
    #expect(try imported.count("reservations") == 5)
    #expect(try imported.store.reserveIssues([], at: Self.now).isEmpty)
  }

  @Test("a dropped reservation's number is skipped, never given out again")
  func countersNeverReused() throws {
    let imported = try Imported()
    let w48 = try Self.week("2026-W48")
    let store = imported.store
    _ = try store.reserveIssues(
      [
        .weekly(guardian: "g1", student: "s1", week: w48),
        .weekly(guardian: "g2", student: "s1", week: w48), .notice(guardian: "g1", student: "s1"),
      ], at: Self.now)
    #expect(try store.dropReservations(scope: .week(w48)) == 2)
    #expect(try imported.count("reservations") == 1)
    #expect(try store.dropReservations(scope: .week(w48)) == 0)
    #expect(
      try store.reserveIssues([.weekly(guardian: "g1", student: "s1", week: w48)], at: Self.now)
        == ["2026-W48-00003"])
    #expect(try store.dropReservations(scope: .notices) == 1)
    #expect(
      try store.reserveIssues([.notice(guardian: "g1", student: "s1")], at: Self.now)
        == ["N-000002"])
  }

  @Test(
    "counters have at least the digits shown and grow when needed",
    arguments: [
      (IssueScope.notices, Int64(1), "N-000001"), (.notices, 999_999, "N-999999"),
      (.notices, 1_234_567, "N-1234567"),
    ])
  func padding(scope: IssueScope, counter: Int64, id: String) {
    #expect(scope.issueID(counter) == id)
  }

  @Test func weekCountersGrowPastFiveDigits() throws {
    let imported = try Imported()
    let w48 = try Self.week("2026-W48")
    #expect(IssueScope.week(w48).issueID(12) == "2026-W48-00012")
    try DatabaseQueue(path: imported.store.path).write { db in
      try db.execute(sql: "INSERT INTO issue_counters VALUES ('2026-W48', 99998)")
    }
    let requests = ["g1", "g2"].map {
      IssueRequest.weekly(guardian: GuardianID($0), student: "s1", week: w48)
    }
    #expect(
      try imported.store.reserveIssues(requests + requests.prefix(1), at: Self.now)
        == ["2026-W48-99999", "2026-W48-100000", "2026-W48-100001"])
  }

  @Test("a store migrated with issues in its ledger numbers on after them")
  func countersStartAboveTheLedger() throws {
    let imported = try Imported()
    // The store as it was before v3, with issues in its ledger.
    try DatabaseQueue(path: imported.store.path).write { db in
      try db.execute(
        sql: """
          DROP TABLE issue_counters; DROP TABLE reservations; DROP TABLE class_files;
          DROP TABLE runs; DELETE FROM grdb_migrations WHERE identifier = 'v3: issuing'
          """)
      for (id, kind, week) in [
        ("2026-W48-00007", "weekly", "2026-W48"), ("2026-W49-00002", "weekly", "2026-W49"),
        ("N-000004", "notice", nil),
      ] {
        try db.execute(
          sql: """
            INSERT INTO ledger (issue_id, kind, guardian_id, student_id, class_id, week,
              operator, created_at, file, sha256)
            VALUES (?, ?, 'g1', 's1', 'c07b', ?, 'office', '2026-11-27T10:00:00Z', '/x', 'ab')
            """, arguments: [id, kind, week])
      }
    }
    let store = try GradeStore(path: imported.store.path)
    let ids = try store.reserveIssues(
      [
        .weekly(guardian: "g2", student: "s1", week: try Self.week("2026-W48")),
        .notice(guardian: "g1", student: "s1"),
        .weekly(guardian: "g2", student: "s1", week: try Self.week("2026-W50")),
      ], at: Self.now)
    #expect(ids == ["2026-W48-00008", "N-000005", "2026-W50-00001"])
  }

  @Test("a second weekly sheet in a group rolls the whole group back, with a readable error")
  func duplicateWeeklyRollsBack() throws {
    let imported = try Imported()
    let w48 = try Self.week("2026-W48")
    let first = try imported.issue(.weekly(guardian: "g1", student: "s1", week: w48))
    try imported.store.recordIssues([first])
    #expect(try imported.count("reservations") == 0)

    let other = try imported.issue(.weekly(guardian: "g2", student: "s1", week: w48))
    let again = try imported.issue(.weekly(guardian: "g1", student: "s1", week: w48))
    let before = try snapshot(imported.store)
    do {
      try imported.store.recordIssues([other, again])
      Issue.record("a second weekly sheet for (g1, s1, 2026-W48) was recorded")
    } catch let error {
      guard
        case .alreadyIssued(let issueID, let guardian, let student, let week, let attempted) =
          error
      else {
        Issue.record("expected .alreadyIssued, got \(error)")
        return
      }
      #expect(issueID == first.issueID && attempted == again.issueID)
      #expect(guardian == "g1" && student == "s1" && week == w48)
      #expect(error.description.contains("already has weekly sheet 2026-W48-00001 of 2026-W48"))
    }
    #expect(try snapshot(imported.store) == before)
    #expect(try imported.store.ledgerEntries().map(\.issueID) == [first.issueID])
  }

  @Test("the current issue of a pair is its latest reissue")
  func currentIssues() throws {
    let imported = try Imported()
    let store = imported.store
    let w48 = try Self.week("2026-W48")
    let first = try imported.issue(.weekly(guardian: "g1", student: "s1", week: w48))
    let second = try imported.issue(.weekly(guardian: "g3", student: "s2", week: w48))
    let elsewhere = try imported.issue(
      .weekly(guardian: "g1", student: "s1", week: try Self.week("2026-W49")))
    try store.recordIssues([first, second, elsewhere])
    #expect(
      Set(try Self.weekIssues(store, w48).map(\.issueID)) == [first.issueID, second.issueID])
    #expect(try store.latestIssue(week: w48, guardian: "g1", student: "s1") == first)
    #expect(try store.latestIssue(week: w48, guardian: "g3", student: "s2") == second)

    let reissue = try imported.issue(
      .reissue(guardian: "g1", student: "s1", week: w48, replaces: first.issueID),
      reason: "оценка исправлена")
    try store.recordIssues([reissue])
    #expect(
      Set(try Self.weekIssues(store, w48).map(\.issueID)) == [second.issueID, reissue.issueID])
    #expect(try store.latestIssue(week: w48, guardian: "g1", student: "s1") == reissue)
    #expect(try store.latestIssue(week: w48, guardian: "g2", student: "s1") == nil)
    let row = try #require(try store.latestIssue(week: w48, guardian: "g1", student: "s1"))
    #expect(row.pages == 2 && row.entry == #"{"issue_id":"2026-W48-00003"}"#)
    #expect(row.createdAt == Self.now && row.replaces == "2026-W48-00001")
  }

  @Test("a class's current issues are its pairs' latest, and the week's classes count them")
  func classIssuesAndWeekClasses() throws {
    let imported = try Imported()
    let store = imported.store
    let w48 = try Self.week("2026-W48")
    let first = try imported.issue(.weekly(guardian: "g1", student: "s1", week: w48))
    let second = try imported.issue(.weekly(guardian: "g3", student: "s2", week: w48), pages: 1)
    let third = try imported.issue(
      .weekly(guardian: "g4", student: "s3", week: w48), classID: "c09a", pages: 3)
    let otherWeek = try imported.issue(
      .weekly(guardian: "g1", student: "s1", week: try Self.week("2026-W49")))
    try store.recordIssues([first, second, third, otherWeek])
    // s1 moved to 9А and got a reissue there: the pair's current issue is in 9А now.
    let reissue = try imported.issue(
      .reissue(guardian: "g1", student: "s1", week: w48, replaces: first.issueID),
      reason: "перевод", classID: "c09a", pages: 1)
    try store.recordIssues([reissue])

    let seventh = try store.classIssues(week: w48, classID: "c07b")
    #expect(seventh.map(\.issueID) == [second.issueID])
    let ninth = try store.classIssues(week: w48, classID: "c09a")
    #expect(Set(ninth.map(\.issueID)) == [third.issueID, reissue.issueID])
    let pair = try #require(ninth.first { $0.issueID == reissue.issueID })
    #expect(pair.recipient.studentName.last == "Иванов" && pair.recipient.className == "9А")
    #expect(pair.replaces == first.issueID && pair.pages == 1)
    #expect(
      Set(try Self.weekIssues(store, w48).map(\.issueID))
        == [second.issueID, third.issueID, reissue.issueID])

    let classes = Dictionary(
      uniqueKeysWithValues: try store.weekClasses(week: w48).map { ($0.classID, $0) })
    #expect(classes.count == 2)
    let c07b = try #require(classes["c07b"])
    #expect(c07b.sheets == 1 && c07b.pages == 1 && c07b.oddSheets == 1 && c07b.name == "7Б")
    let c09a = try #require(classes["c09a"])
    #expect(c09a.sheets == 2 && c09a.pages == 4 && c09a.oddSheets == 2)
  }

  @Test("a notice records what it covered, and only its own student's results")
  func noticeItems() throws {
    let imported = try Imported()
    let store = imported.store
    let results = try store.finalResults()
    let own = results.filter { $0.student == "s1" }
    #expect(!own.isEmpty)
    let notice = try imported.issue(.notice(guardian: "g1", student: "s1"), covers: own)
    try store.recordIssues([notice])
    let coverage = try store.noticeCoverage()
    #expect(coverage.map(\.key) == own.map(\.key))
    #expect(coverage.map(\.value) == own.map(\.value))
    #expect(coverage.map(\.recordedAt) == own.map(\.recordedAt))
    #expect(coverage.allSatisfy { $0.guardian == "g1" && $0.student == "s1" })

    let foreign = try #require(results.first { $0.student != "s1" })
    let wrong = try imported.issue(.notice(guardian: "g1", student: "s1"), covers: [foreign])
    #expect(throws: StoreError.self) { try store.recordIssues([wrong]) }
    #expect(try store.ledgerEntries().map(\.issueID) == [notice.issueID])
  }

  @Test("class file numbers are given once and never change")
  func classFileNumbers() throws {
    let imported = try Imported()  // keeps the store's folder until the test ends
    let store = imported.store
    #expect(try store.classFileNumbers(for: ["c07b", "c09a"]) == ["c07b": 1, "c09a": 2])
    #expect(try store.classFileNumbers(for: ["c01a", "c07b"]) == ["c01a": 3, "c07b": 1])
    #expect(try store.classFileNumbers(for: []) == [:])
  }

  @Test func runsRoundTrip() throws {
    let imported = try Imported()  // keeps the store's folder until the test ends
    let store = imported.store
    let w48 = try Self.week("2026-W48")
    let asOf = try #require(LocalDate(iso: "2026-11-27"))
    let runs = [
      WeekRun(
        week: w48, startedAt: Self.now, operatorName: "office", asOf: asOf, issued: 3,
        skipped: 0, failed: 1),
      WeekRun(
        week: w48, startedAt: Self.now.addingTimeInterval(600), operatorName: "teacher",
        asOf: asOf, issued: 1, skipped: 3, failed: 0),
    ]
    for run in runs { try store.recordRun(run) }
    try store.recordRun(
      WeekRun(
        week: try Self.week("2026-W49"), startedAt: Self.now, operatorName: "office",
        asOf: asOf, issued: 0, skipped: 0, failed: 0))
    #expect(try store.runs(week: w48) == runs)
  }
}
