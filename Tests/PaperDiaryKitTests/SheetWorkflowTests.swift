import DiaryRules
import Foundation
import GRDB
import GradeStore
import Testing

@testable import PaperDiaryKit

/// `sheet`: a teacher's single sheet, and the reissue rules of R4.
@Suite("sheet: one sheet on request")
struct SheetWorkflowTests {
  /// In the sample, s00294 has two guardians who receive paper (g00066, g00067).
  func options(_ batch: WeeklyBatchTests.Batch, guardian: String? = "g00067", reason: String? = nil)
    -> SheetWorkflow.Options
  {
    var options = SheetWorkflow.Options(
      store: batch.store.path, out: batch.out.path, student: "s00294")
    options.guardian = guardian
    options.reason = reason
    options.now = WeeklyBatchTests.now
    return options
  }

  @Test func theFirstSheetIsTheWeeksThenAReissueNeedsAReason() throws {
    let batch = try WeeklyBatchTests.Batch()
    let first = try SheetWorkflow.run(options(batch))
    #expect(first.replaces == nil)
    #expect(FileManager.default.fileExists(atPath: first.file))
    #expect {
      try SheetWorkflow.run(options(batch))
    } throws: { error in
      (error as? PaperDiaryError).map { $0.exitCode == 2 && $0.description.contains("--reason") }
        ?? false
    }
    let second = try SheetWorkflow.run(options(batch, reason: "mark corrected"))
    #expect(second.replaces == first.issueID)
    let ledger = try GradeStore(path: batch.store.path).ledgerEntries(
      student: StudentID("s00294"))
    let reissue = try #require(ledger.last)
    #expect(reissue.kind == .reissue)
    #expect(reissue.reason == "mark corrected")
    #expect(reissue.asOf == ledger.first?.asOf)
    // The Friday batch afterwards still counts the pair as issued: one weekly issue only.
    let manifest = try batch.run()
    #expect(
      manifest.skipped.contains {
        $0.student == StudentID("s00294") && $0.guardian == GuardianID("g00067")
      })
    #expect(
      try GradeStore(path: batch.store.path).ledgerEntries(student: StudentID("s00294")).filter {
        $0.kind == .weekly
      }.count == 2)
  }

  @Test func twoRecipientGuardiansNeedGuardian() throws {
    let batch = try WeeklyBatchTests.Batch()
    #expect {
      try SheetWorkflow.run(options(batch, guardian: nil))
    } throws: { error in
      (error as? PaperDiaryError).map {
        $0.exitCode == 2 && $0.description.contains("--guardian")
      } ?? false
    }
  }

  @Test func aPairThatGetsNoPaperIsRefused() throws {
    let batch = try WeeklyBatchTests.Batch()
    var options = options(batch, guardian: "g00001")
    options.student = "s00001"
    #expect {
      try SheetWorkflow.run(options)
    } throws: { error in
      (error as? PaperDiaryError)?.exitCode == 2
    }
    #expect(try GradeStore(path: batch.store.path).ledgerEntries().isEmpty)
  }
}
