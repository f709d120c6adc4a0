import DiaryRules
import Foundation
import GradeStore
import PDFTestSupport
import Testing

@testable import PaperDiaryKit

/// `paperdiary notices` (R6, R9) on the GradeStore tests' `good` fixture, where at the export
/// day three pairs are owed a notice: g1 and g2 for s1's term mark in mathematics, g4 for s3's
/// term mark in algebra and exam result. What the family reads, what the ledger keeps, and that
/// once issued nothing is pending.
@Suite("paperdiary notices")
struct NoticesWorkflowTests {
  func notices(
    _ paper: PaperFixture, now: String = "2026-11-27 15:00"
  ) throws -> NoticesWorkflow.Report {
    var options = NoticesWorkflow.Options(store: paper.store, out: paper.out.path)
    options.now = now
    options.operatorName = "office"
    return try NoticesWorkflow.run(options)
  }

  func status(_ paper: PaperFixture, now: String = "2026-11-27 15:00") throws
    -> StatusWorkflow.Report
  {
    var options = StatusWorkflow.Options(store: paper.store)
    options.now = now
    return try StatusWorkflow.run(options)
  }

  @Test("one notice per pending pair, covering everything pending; then nothing is pending")
  func issuesAndClears() throws {
    let paper = try PaperFixture()
    #expect(try status(paper).overdue.count == 3)
    let report = try notices(paper)
    #expect(report.failed.isEmpty)
    #expect(report.issued.map(\.issueID) == ["N-000001", "N-000002", "N-000003"])
    #expect(
      report.issued.map { "\($0.guardian)/\($0.student) \($0.finals)+\($0.exams)" } == [
        "g1/s1 1+0", "g2/s1 1+0", "g4/s3 1+1",
      ])
    let folder = paper.out.appendingPathComponent("notices")
    #expect(try PDFProbe.mode(folder.path) == 0o700)
    for notice in report.issued {
      #expect(notice.path == folder.appendingPathComponent(notice.issueID + ".pdf").path)
      #expect(try PDFProbe.mode(notice.path) == 0o600)
    }
    #expect(report.summary.hasPrefix("notices: 3 issued (3 after their 24-hour deadline)"))

    let after = try status(paper)
    #expect(after.overdue.isEmpty)
    #expect(after.dueSoon.isEmpty)
    let again = try notices(paper, now: "2026-11-27 16:00")
    #expect(again.issued.isEmpty && again.failed.isEmpty)
    #expect(again.summary.contains("nothing is pending"))
  }

  @Test("what the family reads: names, class, number and date, the results, the deadline, the law")
  func content() throws {
    let paper = try PaperFixture()
    let report = try notices(paper)
    let texts = try report.issued.map { PDFText.squeezed(try PDFProbe.text($0.path)) }
    let mother = texts[0]
    for words in [
      "Уведомление об итоговых результатах обучения", "МБОУ «Тестовая школа № 1»",
      "Иванов Пётр Сергеевич", "Иванова Ольга Петровна", "7Б", "№ N-000001", "от 27.11.2026",
      "Математика", "I четверть", "24.10.2026 в 15:00", "не позднее 15:00 25.10.2026",
      "не позднее суток", "152-ФЗ", "получил(а)", "Сидоров Олег Петрович",
    ] {
      #expect(mother.contains(words), "\(words) is missing from the notice to g1")
    }
    #expect(!mother.contains("273-ФЗ"))
    #expect(!mother.contains("Смирнов"))
    // g2 receives by post: the address in the envelope window, no receipt slip.
    let father = texts[1]
    // (`pdftotext -layout` sets the window beside the names, so the address reads in pieces.)
    #expect(father.contains("628680, г. Мегион, ул. Заречная, д. 5,") && father.contains("кв. 12"))
    #expect(!father.contains("получил(а)"))
    // g4: a final mark and an exam result, so 273-ФЗ is cited (cl. 8).
    let exam = texts[2]
    for words in [
      "Смирнов Илья Андреевич", "9А", "Алгебра", "н/а", "Итоговое собеседование", "20.11.2026",
      "зач", "273-ФЗ", "не позднее 16:06 19.11.2026",
    ] {
      #expect(exam.contains(words), "\(words) is missing from the notice to g4")
    }
    #expect(!exam.contains("Иванов"))
    for notice in report.issued { try PDFProbe.expectA4WithEmbeddedFonts(notice.path) }
  }

  @Test("the ledger keeps each notice: kind, no week, the file and its SHA-256")
  func ledger() throws {
    let paper = try PaperFixture()
    let report = try notices(paper)
    let entries = try GradeStore(path: paper.store).ledgerEntries()
    #expect(entries.map(\.issueID) == report.issued.map(\.issueID))
    for (entry, notice) in zip(entries, report.issued) {
      #expect(entry.kind == .notice)
      #expect(entry.week == nil)
      #expect(entry.operatorName == "office")
      #expect(entry.file == notice.path)
      #expect(try DurableFile.sha256(ofFileAt: notice.path) == entry.sha256)
    }
  }

  @Test("a changed final mark is pending again and gets a new notice")
  func changedMark() throws {
    let paper = try PaperFixture()
    _ = try notices(paper)
    let changed = paper.folder.appendingPathComponent("changed")
    try FileManager.default.createDirectory(at: changed, withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      at: paper.set.appendingPathComponent("school.toml"),
      to: changed.appendingPathComponent("school.toml"))
    try Data(
      """
      student_id,subject_id,period_id,value,recorded_at
      s1,math,q1,5,2026-11-27 12:00

      """.utf8
    ).write(to: changed.appendingPathComponent("final_marks.csv"))
    _ = try StoreWorkflows.importSet(
      changed.path, store: paper.store, replace: false, operatorName: "test",
      now: PaperFixture.importTime)
    #expect(try status(paper).dueSoon.map(\.guardian.rawValue) == ["g1", "g2"])
    let report = try notices(paper)
    #expect(report.issued.map(\.issueID) == ["N-000004", "N-000005"])
    let text = PDFText.squeezed(try PDFProbe.text(report.issued[0].path))
    #expect(text.contains("27.11.2026 в 12:00"))
    #expect(try status(paper).dueSoon.isEmpty)
  }

  @Test("leftovers of a run that died go: stray PDFs, *.tmp files and reservations")
  func leftovers() throws {
    let paper = try PaperFixture()
    let folder = paper.out.appendingPathComponent("notices")
    try OutputFolder.ensureFolder(folder)
    let stray = folder.appendingPathComponent("N-000042.pdf")
    let temporary = folder.appendingPathComponent("N-000043.pdf.tmp")
    try Data("x".utf8).write(to: stray)
    try Data("x".utf8).write(to: temporary)
    _ = try GradeStore(path: paper.store).reserveIssues(
      [.notice(guardian: "g1", student: "s1")], at: Date())
    let report = try notices(paper)
    #expect(!FileManager.default.fileExists(atPath: stray.path))
    #expect(!FileManager.default.fileExists(atPath: temporary.path))
    // The dead run's number is skipped, never reused.
    #expect(report.issued.first?.issueID == "N-000002")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    #expect(names == [".lock", "N-000002.pdf", "N-000003.pdf", "N-000004.pdf"])
  }

  @Test("a bad --now is bad usage (64); an output folder others can read is bad input (2)")
  func badOptions() throws {
    let paper = try PaperFixture()
    #expect {
      try notices(paper, now: "soon")
    } throws: { error in
      (error as? PaperDiaryError)?.exitCode == 64
    }
    try FileManager.default.setAttributes(
      [.posixPermissions: 0o755], ofItemAtPath: paper.out.path)
    #expect {
      try notices(paper)
    } throws: { error in
      (error as? PaperDiaryError).map { $0.exitCode == 2 && $0.description.contains("chmod") }
        ?? false
    }
    try FileManager.default.setAttributes(
      [.posixPermissions: 0o700], ofItemAtPath: paper.out.path)
    #expect(try GradeStore(path: paper.store).ledgerEntries().isEmpty)
  }

  @Test(
    "the command: one path per notice, then the summary; --quiet drops the summary",
    .needsExecutable)
  func command() throws {
    let paper = try PaperFixture()
    let run = try ImportCommandTests.run([
      "notices", "--store", paper.store, "--out", paper.out.path, "--now", "2026-11-27 15:00",
    ])
    #expect(run.status == 0)
    let lines = run.stdout.split(separator: "\n")
    #expect(lines.count == 4)
    #expect(lines.first?.hasSuffix("/notices/N-000001.pdf") == true)
    #expect(lines.last?.hasPrefix("notices: 3 issued") == true)
    let quiet = try ImportCommandTests.run([
      "notices", "--store", paper.store, "--out", paper.out.path, "--quiet",
    ])
    #expect(quiet.status == 0)
    #expect(quiet.stdout.isEmpty)
  }
}
