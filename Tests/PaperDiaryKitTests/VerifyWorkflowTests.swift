import DiaryRules
import Foundation
import GradeStore
import Testing

@testable import PaperDiaryKit

/// `paperdiary verify` (§6) over a ledger recorded through `GradeStore.recordIssues`, with files
/// written by `DurableFile` as a run writes them: a clean store, then a missing and a changed
/// file, `--week`, and the executable's stdout, stderr and exit code.
@Suite("paperdiary verify")
struct VerifyWorkflowTests {
  static let now = Date(timeIntervalSince1970: 1_795_000_000)

  /// The `good` fixture imported, with two weekly sheets of 2026-W48 and a notice issued.
  final class Issued {
    let imported: StatusWorkflowTests.Imported
    let out: URL
    var documents: [IssuedDocument] = []

    init() throws {
      imported = try StatusWorkflowTests.Imported()
      out = imported.folder.appendingPathComponent("out")
      let store = try GradeStore(path: imported.store)
      let week = try #require(SchoolWeek("2026-W48"))
      let requests: [IssueRequest] = [
        .weekly(guardian: "g1", student: "s1", week: week),
        .weekly(guardian: "g3", student: "s2", week: week),
        .notice(guardian: "g1", student: "s1"),
      ]
      let ids = try store.reserveIssues(requests, at: VerifyWorkflowTests.now)
      for (request, id) in zip(requests, ids) {
        let folder =
          request.week.map { out.appendingPathComponent("\($0)/sheets") }
          ?? out.appendingPathComponent("notices")
        try OutputFolder.ensureFolder(out)
        try OutputFolder.ensureFolder(folder)
        let bytes = Array("%PDF-1.7 \(id)\n".utf8)
        let file = folder.appendingPathComponent("\(id).pdf")
        try DurableFile.write(bytes, to: file)
        try DurableFile.syncFolder(folder)
        documents.append(
          IssuedDocument(
            issueID: id, kind: request.kind, guardian: request.guardian,
            student: request.student, classID: "c07b", week: request.week,
            operatorName: "office", createdAt: VerifyWorkflowTests.now,
            asOf: LocalDate(iso: "2026-11-27"), importID: 1, file: file.path,
            sha256: DurableFile.sha256(bytes), pages: 1, entry: nil))
      }
      try store.recordIssues(documents)
    }

    func verify(week: String? = nil) throws -> VerifyWorkflow.Report {
      var options = VerifyWorkflow.Options(store: imported.store)
      options.week = week
      return try VerifyWorkflow.run(options)
    }
  }

  @Test func aCleanStoreVerifies() throws {
    let issued = try Issued()
    let report = try issued.verify()
    #expect(report.checked == 3 && report.problems.isEmpty)
    #expect(report.summary == "verify: 3 issued documents checked, every file matches")
    #expect(try issued.verify(week: "2026-W48").checked == 2)
    #expect(try issued.verify(week: "2026-W49").checked == 0)
  }

  @Test("a missing and a changed file are reported, one line each, in ledger order")
  func problemsAreReported() throws {
    let issued = try Issued()
    let (gone, changed) = (issued.documents[0], issued.documents[2])
    try FileManager.default.removeItem(atPath: gone.file)
    try DurableFile.write(Array("%PDF-1.7 edited\n".utf8), to: URL(fileURLWithPath: changed.file))
    let report = try issued.verify()
    #expect(
      report.problems.map(\.line) == [
        "\(gone.issueID) \(gone.file): missing",
        "\(changed.issueID) \(changed.file): sha256 mismatch",
      ])
    #expect(
      report.summary
        == "verify: 3 issued documents checked, 2 with a problem (1 missing, 1 sha256 mismatch)")
    let week = try issued.verify(week: "2026-W48")
    #expect(week.problems.map(\.issueID) == [gone.issueID])
    #expect(week.summary.hasPrefix("verify: 2 issued documents of 2026-W48 checked, 1 with"))
  }

  @Test func aBadWeekIsBadUsage() throws {
    let issued = try Issued()
    #expect {
      try issued.verify(week: "48")
    } throws: { error in
      (error as? PaperDiaryError)?.exitCode == 64
    }
  }

  @Test(
    "the executable: problems on stdout, the summary on stderr, exit 1; clean exits 0",
    .needsExecutable)
  func executable() throws {
    let issued = try Issued()
    let clean = try ImportCommandTests.run(["verify", "--store", issued.imported.store])
    #expect(clean.status == 0 && clean.stdout.isEmpty)
    #expect(clean.stderr == "verify: 3 issued documents checked, every file matches\n")

    let gone = issued.documents[1]
    try FileManager.default.removeItem(atPath: gone.file)
    let broken = try ImportCommandTests.run(
      ["verify", "--store", issued.imported.store, "--week", "2026-W48"])
    #expect(broken.status == 1)
    #expect(broken.stdout == "\(gone.issueID) \(gone.file): missing\n")
    #expect(broken.stderr.hasPrefix("verify: 2 issued documents of 2026-W48 checked, 1 with"))
  }
}
