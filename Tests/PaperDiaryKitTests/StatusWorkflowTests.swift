import DiaryRules
import Foundation
import Testing

@testable import GradeStore
@testable import PaperDiaryKit

/// `paperdiary status` and `ledger` as workflows on the GradeStore tests' `good` fixture:
/// DESIGN §6's JSON shapes, `--now` in the school's zone, `--week`, and `--check`'s exit code.
@Suite("paperdiary status and ledger")
struct StatusWorkflowTests {
  /// The fixture copied into a temporary folder (so school.toml can be edited) and imported.
  final class Imported {
    let folder: URL
    let set: URL
    let store: String

    init(schoolExtra: String = "") throws {
      folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("paperdiary-status-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      set = folder.appendingPathComponent("set")
      try FileManager.default.copyItem(
        at: ImportCommandTests.packageRoot.appendingPathComponent(
          "Tests/GradeStoreTests/Fixtures/good"), to: set)
      if !schoolExtra.isEmpty {
        let school = set.appendingPathComponent("school.toml")
        let text = try String(contentsOf: school, encoding: .utf8)
        try Data(
          text.replacingOccurrences(of: "\n[grading]", with: "\n\(schoolExtra)\n\n[grading]").utf8
        ).write(to: school)
      }
      store = folder.appendingPathComponent("store.sqlite").path
      _ = try StoreWorkflows.initialize(store: store)
      _ = try StoreWorkflows.importSet(
        set.path, store: store, replace: false, operatorName: "test",
        now: Date(timeIntervalSince1970: 1_795_000_000))
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func status(now: String, week: String? = nil) throws -> StatusWorkflow.Report {
      var options = StatusWorkflow.Options(store: store)
      options.now = now
      options.week = week
      return try StatusWorkflow.run(options)
    }
  }

  @Test("--json: DESIGN's keys in order, ids only, times with the school's offset")
  func jsonShape() throws {
    let imported = try Imported()
    let report = try imported.status(now: "2026-11-27 15:00")
    #expect(report.needsAttention)
    #expect(
      report.json.rendered(pretty: false)
        == #"{"now":"2026-11-27T15:00:00+05:00","recipients":["#
        + #"{"guardian_id":"g3","student_id":"s2","class_id":"c07b","delivery":"in_person"},"#
        + #"{"guardian_id":"g2","student_id":"s1","class_id":"c07b","delivery":"post"},"#
        + #"{"guardian_id":"g1","student_id":"s1","class_id":"c07b","delivery":"student"},"#
        + #"{"guardian_id":"g4","student_id":"s3","class_id":"c09a","delivery":"student"}],"#
        + #""missed":[],"notices_overdue":["#
        + #"{"guardian_id":"g1","student_id":"s1","deadline":"2026-10-25T15:00:00+05:00"},"#
        + #"{"guardian_id":"g2","student_id":"s1","deadline":"2026-10-25T15:00:00+05:00"},"#
        + #"{"guardian_id":"g4","student_id":"s3","deadline":"2026-11-19T16:06:40+05:00"}],"#
        + #""notices_due_soon":[]}"#)
    let text = report.lines.joined(separator: "\n")
    #expect(!text.contains("Иванов"))
    #expect(text.contains("notices overdue: 3"))
  }

  @Test(
    "--now splits notices into overdue and due within 24 h",
    arguments: [
      ("2026-11-19 10:00", ["g1", "g2"], ["g4"]),
      ("2026-11-19 16:06:40", ["g1", "g2"], ["g4"]),
      ("2026-11-19 16:06:41", ["g1", "g2", "g4"], [String]()),
      ("2026-10-24 15:00", [], ["g1", "g2"]),
      ("2026-10-24 14:59", [], []),
    ])
  func noticeDeadlines(now: String, overdue: [String], dueSoon: [String]) throws {
    let report = try Imported().status(now: now)
    #expect(report.overdue.map(\.guardian.rawValue) == overdue)
    #expect(report.dueSoon.map(\.guardian.rawValue) == dueSoon)
    #expect(report.needsAttention == !overdue.isEmpty)
  }

  @Test("paper_since in school.toml: every finished week from it owes its recipients a sheet")
  func missedFromPaperSince() throws {
    let imported = try Imported(schoolExtra: "paper_since = 2026-11-16")
    let friday = try imported.status(now: "2026-11-27 15:00")
    #expect(
      friday.missed.map { "\($0.week) \($0.guardian) \($0.student)" } == [
        "2026-W47 g1 s1", "2026-W47 g2 s1", "2026-W47 g3 s2", "2026-W47 g4 s3",
      ])
    #expect(friday.needsAttention)
    // --week filters: W48 is not finished on Friday, W46 starts before paper_since.
    #expect(try imported.status(now: "2026-11-27 15:00", week: "2026-W48").missed == [])
    #expect(try imported.status(now: "2026-11-27 15:00", week: "2026-W46").missed == [])
    let w47 = try imported.status(now: "2026-11-27 15:00", week: "2026-W47")
    #expect(w47.missed.count == 4)
    #expect(w47.recipientsDate == LocalDate(iso: "2026-11-20"))
  }

  @Test("--check exits 1 on an overdue notice; bad --week and --now are usage errors")
  func exitCodes() throws {
    let imported = try Imported()
    let early = try ImportCommandTests.run([
      "status", "--store", imported.store, "--now", "2026-10-24 14:00", "--check",
    ])
    #expect(early.status == 0)
    #expect(early.stdout.contains("notices overdue: 0"))
    let late = try ImportCommandTests.run([
      "status", "--store", imported.store, "--now", "2026-11-27 15:00", "--check", "--json",
    ])
    #expect(late.status == 1)
    #expect(late.stdout.hasPrefix("{\n  \"now\": \"2026-11-27T15:00:00+05:00\","))
    for bad in [["--week", "2026-W60"], ["--now", "tomorrow"]] {
      let run = try ImportCommandTests.run(["status", "--store", imported.store] + bad)
      #expect(run.status == 64)
    }
    let ledger = try ImportCommandTests.run(["ledger", "--store", imported.store, "--json"])
    #expect(ledger.status == 0)
    #expect(ledger.stdout == "[]\n")
  }

  @Test("ledger --json: DESIGN's keys in order, created_at with the school's offset")
  func ledgerJSON() throws {
    let zone = try #require(TimeZone(identifier: "Asia/Yekaterinburg"))
    let entry = LedgerEntry(
      issueID: "2026-W48-00012", kind: .reissue, guardian: "g1", student: "s1", classID: "c07b",
      week: SchoolWeek("2026-W48"), replaces: "2026-W48-00003", reason: "утерян",
      operatorName: "office", createdAt: Date(timeIntervalSince1970: 1_795_770_000),
      asOf: LocalDate(iso: "2026-11-27"), importID: 3, file: "/srv/out/2026-W48/sheets/x.pdf",
      sha256: "ab12")
    let notice = LedgerEntry(
      issueID: "N-000001", kind: .notice, guardian: "g4", student: "s3", classID: "c09a",
      week: nil, replaces: nil, reason: nil, operatorName: "office",
      createdAt: Date(timeIntervalSince1970: 1_795_770_000), asOf: nil, importID: nil,
      file: "/srv/out/notices/N-000001.pdf", sha256: "cd34")
    let listing = LedgerWorkflow.Listing(entries: [entry, notice], zone: zone)
    #expect(
      listing.json.rendered(pretty: false)
        == #"[{"issue_id":"2026-W48-00012","kind":"reissue","guardian_id":"g1","#
        + #""student_id":"s1","class_id":"c07b","week":"2026-W48","#
        + #""replaces":"2026-W48-00003","reason":"утерян","operator":"office","#
        + #""created_at":"2026-11-27T14:00:00+05:00","as_of":"2026-11-27","import_id":3,"#
        + #""file":"/srv/out/2026-W48/sheets/x.pdf","sha256":"ab12"},"#
        + #"{"issue_id":"N-000001","kind":"notice","guardian_id":"g4","student_id":"s3","#
        + #""class_id":"c09a","week":null,"replaces":null,"reason":null,"operator":"office","#
        + #""created_at":"2026-11-27T14:00:00+05:00","as_of":null,"import_id":null,"#
        + #""file":"/srv/out/notices/N-000001.pdf","sha256":"cd34"}]"#)
    let table = listing.table
    #expect(table.count == 3)
    #expect(table[0].hasPrefix("issue_id        kind     week"))
    let column = { (line: String, word: String) in
      line.range(of: word).map { line.distance(from: line.startIndex, to: $0.lowerBound) }
    }
    #expect(column(table[0], "operator") != nil)
    #expect(column(table[1], "office") == column(table[0], "operator"))
    #expect(column(table[2], "office") == column(table[0], "operator"))
  }
}
