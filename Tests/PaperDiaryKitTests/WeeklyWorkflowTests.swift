import DiaryRules
import Foundation
import GRDB
import GradeStore
import Testing

@testable import PaperDiaryKit

@Suite("weekly --dry-run on the bundled sample")
struct WeeklyWorkflowTests {
  /// The bundled sample imported into a new store.
  final class SampleStore {
    let folder: URL
    let path: String

    init() throws {
      folder = try OutputFolder.makeTemporary(prefix: "paperdiary-weekly-test")
      path = folder.appendingPathComponent("grades.sqlite").path
      _ = try StoreWorkflows.initialize(store: path)
      _ = try StoreWorkflows.importSet(
        WorkflowTests.repository.appendingPathComponent("Samples").path, store: path,
        replace: false)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func dryRun(week: String?, asOf: String?, now: String? = nil) throws -> WeeklyManifest {
      var options = WeeklyWorkflow.Options(store: path)
      options.week = week
      options.asOf = asOf
      options.now = now
      options.dryRun = true
      return try WeeklyWorkflow.run(options)
    }
  }

  @Test func aWeekWithoutStudyDaysOwesNothing() throws {
    let store = try SampleStore()
    // 4–10 January 2027 lies inside the winter holidays of the sample school.
    let manifest = try store.dryRun(week: "2027-W01", asOf: nil, now: "2027-01-08 15:00")
    #expect(manifest.sheets.isEmpty)
    #expect(manifest.note?.contains("no study day") == true)
  }

  @Test func asOfDefaultsToTheWeeksLastStudyDay() throws {
    let store = try SampleStore()
    // Sunday evening: the as-of date is Friday, the last study day of W48.
    let manifest = try store.dryRun(week: nil, asOf: nil, now: "2026-11-29 20:00")
    #expect(manifest.week.description == "2026-W48")
    #expect(manifest.asOf.iso == "2026-11-27")
    #expect(!manifest.sheets.isEmpty)
  }

  @Test(arguments: ["2026-11-30", "2026-11-22"])
  func asOfOutsideTheWeekIsBadUsage(asOf: String) throws {
    let store = try SampleStore()
    #expect {
      try store.dryRun(week: "2026-W48", asOf: asOf)
    } throws: { error in
      (error as? PaperDiaryError)?.exitCode == 64
    }
  }

  @Test func withoutDryRunTheOutputFolderIsRequired() throws {
    let store = try SampleStore()
    var options = WeeklyWorkflow.Options(store: store.path)
    options.week = "2026-W48"
    #expect {
      try WeeklyWorkflow.run(options)
    } throws: { error in
      (error as? PaperDiaryError).map {
        $0.exitCode == 64 && $0.description.contains("--out")
      } ?? false
    }
  }

  @Test func theManifestHasEveryFieldOfTheExample() throws {
    let store = try SampleStore()
    let manifest = try store.dryRun(week: "2026-W48", asOf: "2026-11-27")
    let text = manifest.json.rendered()
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(
      Set(object.keys)
        == [
          "week", "week_start", "week_end", "as_of", "sheets", "skipped", "failed", "print_files",
          "register_files",
        ])
    let sheets = try #require(object["sheets"] as? [[String: Any]])
    let sheet = try #require(sheets.first)
    #expect(
      Set(sheet.keys)
        == [
          "issue_id", "kind", "replaces", "period_id", "student_id", "guardian_id", "class_id",
          "file", "sha256", "pages", "subjects",
        ])
    #expect(sheet["issue_id"] is NSNull && sheet["file"] is NSNull)
    let subject = try #require((sheet["subjects"] as? [[String: Any]])?.first)
    #expect(
      Set(subject.keys)
        == [
          "subject_id", "marks", "average", "average_text", "projected", "to_next", "to_drop",
          "absences", "lessons", "remaining_lessons", "next_reachable", "exempt", "few_marks",
          "attestation_risk", "final_mark",
        ])
  }

  @Test func aStudentsConsentReachesTheSheetData() throws {
    let store = try SampleStore()
    let grades = try GradeStore(path: store.path)
    let day = try #require(LocalDate(iso: "2026-11-27"))
    let recipients = try grades.recipients(on: day)
    let registry = try String(
      contentsOf: WorkflowTests.repository.appendingPathComponent("Samples/registry.csv"),
      encoding: .utf8)
    let consenting = recipients.first { registry.contains(",student_consent,,\($0.student),") }
    let recipient = try #require(consenting, "the sample has a recipient with a consent")
    let source = try grades.withSheetSources { reader in
      try reader.source(
        student: recipient.student, classID: recipient.classID, grade: recipient.grade, asOf: day)
    }
    #expect(source.consentSince != nil)
    #expect(recipients.contains { $0.student == recipient.student })
  }
}

@Suite("weekly: weeks in the school's zone and pairs already issued")
struct WeeklyLedgerTests {
  /// Asia/Yekaterinburg is UTC+5: 23:30 UTC on Sunday 29 November is already Monday of W49.
  @Test(arguments: [
    ("2026-11-29T18:59:59Z", "2026-W48"), ("2026-11-29T19:00:00Z", "2026-W49"),
    ("2026-11-29T23:30:00Z", "2026-W49"), ("2026-11-29 23:30", "2026-W48"),
  ])
  func theDefaultWeekIsTheSchoolsWeek(now: String, week: String) throws {
    let store = try WeeklyWorkflowTests.SampleStore()
    let manifest = try store.dryRun(week: nil, asOf: nil, now: now)
    #expect(manifest.week.description == week)
  }

  @Test func aPairAlreadyIssuedIsSkippedWithItsIssue() throws {
    let store = try WeeklyWorkflowTests.SampleStore()
    let first = try store.dryRun(week: "2026-W48", asOf: "2026-11-27")
    let sheet = try #require(first.sheets.first)
    try DatabaseQueue(path: store.path).write { db in
      try db.execute(
        sql: """
          INSERT INTO ledger (issue_id, kind, guardian_id, student_id, class_id, week, operator,
            created_at, as_of, file, sha256)
          VALUES ('2026-W48-00001', 'weekly', ?, ?, ?, '2026-W48', 'office',
            '2026-11-27T10:00:00Z', '2026-11-27', '/out/2026-W48/sheets/2026-W48-00001.pdf', 'ab')
          """,
        arguments: [
          sheet.recipient.guardian.rawValue, sheet.recipient.student.rawValue,
          sheet.recipient.classID.rawValue,
        ])
    }
    let second = try store.dryRun(week: "2026-W48", asOf: "2026-11-27")
    #expect(second.sheets.count == first.sheets.count - 1)
    #expect(
      !second.sheets.contains {
        $0.recipient.guardian == sheet.recipient.guardian
          && $0.recipient.student == sheet.recipient.student
      })
    let skipped = try #require(second.skipped.first)
    #expect(second.skipped.count == 1)
    #expect(skipped.reason == "already_issued")
    #expect(skipped.issueID == "2026-W48-00001")
    #expect(skipped.student == sheet.recipient.student)
  }
}
