import DiaryRules
import Foundation
import GRDB
import GradeStore
import PDFTestSupport
import SheetRendering
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

  /// What `Options.issued` saw when it was called: the result, and whether the PDF was on disk
  /// and in the ledger by then.
  final class Issued: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [(result: SheetWorkflow.Result, onDisk: Bool, inLedger: Bool)] = []

    func record(_ result: SheetWorkflow.Result, store: String) {
      let onDisk = FileManager.default.fileExists(atPath: result.file)
      let inLedger =
        (try? GradeStore(path: store).ledgerEntries(student: StudentID("s00294")))?.contains {
          $0.issueID == result.issueID && $0.file == result.file
        } ?? false
      lock.withLock { seen.append((result, onDisk, inLedger)) }
    }

    var all: [(result: SheetWorkflow.Result, onDisk: Bool, inLedger: Bool)] {
      lock.withLock { seen }
    }
  }

  @Test func thePathIsHandedOverOnceTheSheetIsRecorded() throws {
    let batch = try WeeklyBatchTests.Batch()
    let issued = Issued()
    var options = options(batch)
    let store = batch.store.path
    options.issued = { issued.record($0, store: store) }
    let result = try SheetWorkflow.run(options)
    let seen = try #require(issued.all.count == 1 ? issued.all.first : nil)
    #expect(seen.result.issueID == result.issueID)
    #expect(seen.result.file == result.file)
    #expect(seen.onDisk)
    #expect(seen.inLedger)
  }

  /// The sheet is issued before its class files are rebuilt: when they cannot be, the error says
  /// the sheet stands (running `sheet` again would issue another) and what rebuilds them, and
  /// the run is recorded all the same.
  @Test func aClassFileThatCannotBeRebuiltLeavesTheSheetIssued() throws {
    let batch = try WeeklyBatchTests.Batch()
    let manifest = try batch.run()
    let classID = try #require(
      try batch.ledger().first { $0.student == StudentID("s00294") }?.classID)
    let printFile = try #require(manifest.printFiles.first { $0.classID == classID }?.file)
    // A folder with a file in it where the class's print file goes: it cannot be replaced.
    let blocked = batch.week.appendingPathComponent(printFile)
    try FileManager.default.removeItem(at: blocked)
    try FileManager.default.createDirectory(at: blocked, withIntermediateDirectories: false)
    try Data("x".utf8).write(to: blocked.appendingPathComponent("keep"))
    let issued = Issued()
    var options = options(batch, reason: "mark corrected")
    let store = batch.store.path
    options.issued = { issued.record($0, store: store) }
    #expect {
      try SheetWorkflow.run(options)
    } throws: { error in
      guard let error = error as? PaperDiaryError, let seen = issued.all.first else {
        return false
      }
      return error.exitCode == 1
        && error.description.hasPrefix("\(seen.result.issueID) is issued (\(seen.result.file))")
        && error.description.contains(
          "`paperdiary weekly --week 2026-W48` rebuilds the class files and the manifest")
        && !error.description.contains("\n")
    }
    let seen = try #require(issued.all.count == 1 ? issued.all.first : nil)
    #expect(seen.onDisk && seen.inLedger)
    #expect(seen.result.replaces != nil)
    #expect(try GradeStore(path: store).runs(week: #require(SchoolWeek("2026-W48"))).count == 2)
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
    // Found under the week's lock, and yet nothing on disk: the folders made for it went.
    #expect(!FileManager.default.fileExists(atPath: batch.out.path))
  }

  @Test("a sheet removes what a run that died left, by its reservations, and issues the next id")
  func aSheetClearsADeadRunsSheets() throws {
    let batch = try WeeklyBatchTests.Batch()
    let store = try GradeStore(path: batch.store.path)
    let week = try #require(SchoolWeek("2026-W48"))
    // A run that died after drawing a sheet and a print file, before recording either.
    let dead = try #require(
      try store.reserveIssues(
        [.weekly(guardian: GuardianID("g00066"), student: StudentID("s00294"), week: week)],
        at: Date()
      ).first)
    let folder = try WeekFolder.made(out: batch.out.path, week: week)
    let orphan = folder.sheet(dead)
    let scratch = folder.print.appendingPathComponent("class-1.pdf.tmp")
    try Data("%PDF-1.4 cut short".utf8).write(to: orphan)
    try Data("half".utf8).write(to: scratch)

    let made = try SheetWorkflow.run(options(batch))
    #expect(!FileManager.default.fileExists(atPath: orphan.path))
    #expect(!FileManager.default.fileExists(atPath: scratch.path))
    #expect(try store.reservedIssueIDs(scope: .week(week)).isEmpty)
    #expect(made.issueID != dead)
    #expect(FileManager.default.fileExists(atPath: made.file))
  }

  @Test("a reissue after a change of class moves the pair: both classes' files, a whole manifest")
  func aReissueAfterAChangeOfClass() throws {
    let batch = try WeeklyBatchTests.Batch()
    _ = try batch.run()
    let store = try GradeStore(path: batch.store.path)
    let week = try #require(SchoolWeek("2026-W48"))
    let issued = try #require(
      try store.latestIssue(
        week: week, guardian: GuardianID("g00067"), student: StudentID("s00294")))
    let (assembly, _) = try batch.assembly()
    let oldClass = try #require(try assembly.classes().first { $0.classID == issued.classID })
    let newClass = try #require(try assembly.classes().first { $0.classID != issued.classID })
    // An import moved the student to another class after the batch.
    try DatabaseQueue(path: batch.store.path).write { db in
      try db.execute(
        sql: "UPDATE students SET class_id = ? WHERE student_id = 's00294'",
        arguments: [newClass.classID.rawValue])
    }

    let reissue = try SheetWorkflow.run(options(batch, reason: "moved to another class"))
    #expect(reissue.replaces == issued.issueID)
    let manifest = batch.week.appendingPathComponent("manifest.json")
    let written = try Data(contentsOf: manifest)
    let sheets = try #require(
      (try JSONSerialization.jsonObject(with: written) as? [String: Any])?["sheets"]
        as? [[String: Any]])
    let ids = sheets.compactMap { $0["issue_id"] as? String }
    #expect(!ids.contains(issued.issueID))
    #expect(
      sheets.first { $0["issue_id"] as? String == reissue.issueID }?["class_id"] as? String
        == newClass.classID.rawValue)
    // Written whole and synced: a patch would have kept the old entry in the old class.
    #expect(try store.manifestMark(week)?.unsyncedBoot == nil)
    try assembly.writeManifest(try assembly.classes())
    #expect(try Data(contentsOf: manifest) == written)

    // Both classes' registers were drawn again: the old one without the replaced sheet, the
    // new one with its replacement.
    func register(_ files: WeekAssembly.ClassFiles) throws -> String {
      let path = batch.week.appendingPathComponent(
        WeekFolder.registerPath(classNumber: files.number)
      ).path
      return PDFText.squeezed(try PDFTool.run("pdftotext", [path, "-"]).output)
    }
    #expect(!(try register(oldClass)).contains(issued.issueID))
    #expect(try register(newClass).contains(reissue.issueID))
  }

  @Test("one student's sheet context is the school's, cut to that student")
  func oneStudentsContext() throws {
    let batch = try WeeklyBatchTests.Batch()
    _ = try batch.run()
    let store = try GradeStore(path: batch.store.path)
    let next = try #require(SchoolWeek("2026-W49"))
    let student = StudentID("s00294")
    let whole = try store.sheetContext(for: next)
    let one = try store.sheetContext(for: next, student: student)
    let guardians: Set<GuardianID> = ["g00066", "g00067"]
    #expect(one.classes == whole.classes)
    #expect(!one.previousIssue.isEmpty)
    #expect(one.previousIssue == whole.previousIssue.filter { $0.key.student == student })
    #expect(Set(one.addresses.keys).isSubset(of: guardians))
    #expect(one.addresses == whole.addresses.filter { guardians.contains($0.key) })
  }

  @Test("a reissue patches manifest.json into exactly what writing it whole gives")
  func aReissuePatchesTheManifest() throws {
    let batch = try WeeklyBatchTests.Batch()
    _ = try batch.run()
    let reissue = try SheetWorkflow.run(options(batch, reason: "mark corrected"))
    let manifest = batch.week.appendingPathComponent("manifest.json")
    let patched = try Data(contentsOf: manifest)
    #expect(String(decoding: patched, as: UTF8.self).contains(#""issue_id":"\#(reissue.issueID)""#))
    #expect(
      !String(decoding: patched, as: UTF8.self).contains(
        #""issue_id":"\#(reissue.replaces ?? "-")""#))
    let (assembly, _) = try batch.assembly()
    try assembly.writeManifest(try assembly.classes())
    #expect(try Data(contentsOf: manifest) == patched)
  }

  @Test("the manifest is patched only when it is the one written last; otherwise written whole")
  func aTouchedManifestIsWrittenWhole() throws {
    let batch = try WeeklyBatchTests.Batch()
    _ = try batch.run()
    _ = try SheetWorkflow.run(options(batch, reason: "mark corrected"))
    let (assembly, store) = try batch.assembly()
    let week = try #require(SchoolWeek("2026-W48"))
    let classes = try assembly.classes()
    #expect(classes.count > 2)
    let manifest = batch.week.appendingPathComponent("manifest.json")
    let whole = try Data(contentsOf: manifest)
    func patch(_ changed: Set<ClassID>, before: WeekState? = nil) throws -> Bool {
      try assembly.updateManifest(
        classes, changed: changed, before: before ?? store.weekState(week))
    }

    // As it was written, each class in turn (the first, the last, those between): patched, to
    // the same bytes.
    for files in classes {
      #expect(try patch([files.classID]), "\(files.classID)")
      #expect(try Data(contentsOf: manifest) == whole, "\(files.classID)")
    }
    let changed = try #require(classes.last?.classID)

    // A file someone changed, or a ledger that moved on since: written whole.
    try (whole + Data(" ".utf8)).write(to: manifest)
    #expect(!(try patch([changed])))
    #expect(try Data(contentsOf: manifest) == whole)
    let older = WeekState(ledgerSeq: 1, runs: 1, importID: try store.latestImportID())
    #expect(!(try patch([changed], before: older)))
    #expect(try Data(contentsOf: manifest) == whole)

    // Two classes changed (a pair moved): written whole.
    #expect(!(try patch([changed, classes[0].classID])))
    #expect(try Data(contentsOf: manifest) == whole)

    // Bytes changed in place with the file's time put back: the class's entries are not where
    // the store says, so written whole.
    let mark = try #require(try store.manifestMark(week))
    let section = try #require(mark.layout.classes[changed])
    let handle = try FileHandle(forUpdating: manifest)
    try handle.seek(toOffset: UInt64(section.lowerBound))
    try handle.write(contentsOf: Data("{\"issue_jd\":".utf8))
    try handle.close()
    let modified = timespec(
      tv_sec: Int(mark.layout.modifiedNanoseconds / 1_000_000_000),
      tv_nsec: Int(mark.layout.modifiedNanoseconds % 1_000_000_000))
    let times = [modified, modified]
    #expect(utimensat(AT_FDCWD, manifest.path, times, 0) == 0)
    #expect(try Data(contentsOf: manifest) != whole)
    #expect(!(try patch([changed])))
    #expect(try Data(contentsOf: manifest) == whole)

    // Left unsynced in another boot of the machine (a power cut since may have taken it).
    let synced = try #require(try store.manifestMark(week))
    #expect(synced.unsyncedBoot == nil)
    try store.recordManifestMark(
      week, ManifestMark(state: synced.state, layout: synced.layout, unsyncedBoot: "an-old-boot"))
    #expect(!(try patch([changed])))
    #expect(try Data(contentsOf: manifest) == whole)

    // Patched: left unsynced, and the store says in which boot.
    #expect(try patch([changed]))
    #expect(try store.manifestMark(week)?.unsyncedBoot == DurableFile.currentBoot)
    #expect(try Data(contentsOf: manifest) == whole)
    #expect(!FileManager.default.fileExists(atPath: manifest.path + ".tmp"))
  }
}
