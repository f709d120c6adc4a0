import DiaryRules
import Foundation
import GRDB
import GradeStore
import PDFTestSupport
import SheetRendering
import Testing

@testable import PaperDiaryKit

/// The Friday batch for real on the bundled sample: ledger rows, files, re-runs, leftovers.
@Suite("weekly: the Friday batch")
struct WeeklyBatchTests {
  static let now = "2026-11-27 15:00"

  final class Batch {
    let store: WeeklyWorkflowTests.SampleStore
    let out: URL

    init() throws {
      store = try WeeklyWorkflowTests.SampleStore()
      out = store.folder.appendingPathComponent("out")
    }

    func run(classes: [String] = [], jobs: Int = 2) throws -> WeeklyManifest {
      var options = WeeklyWorkflow.Options(store: store.path)
      options.out = out.path
      options.now = WeeklyBatchTests.now
      options.classes = classes
      options.jobs = jobs
      options.quiet = true
      return try WeeklyWorkflow.run(options)
    }

    var week: URL { out.appendingPathComponent("2026-W48") }

    /// The week's assembly as `weekly` and `sheet` make it, and its store.
    func assembly() throws -> (WeekAssembly, GradeStore) {
      let store = try GradeStore(path: self.store.path)
      let settings = try #require(try store.settings())
      let week = try #require(SchoolWeek("2026-W48"))
      let folder = try WeekFolder.made(out: out.path, week: week)
      let assembly = WeekAssembly(
        store: store, settings: settings, template: try TemplateLocator.load("ru"), week: week,
        folder: folder, simplex: false, now: Date())
      return (assembly, store)
    }

    func ledger() throws -> [LedgerEntry] {
      try GradeStore(path: store.path).ledgerEntries(week: SchoolWeek("2026-W48"))
    }
  }

  @Test func everyOwedSheetIsIssuedOnceWithItsFile() throws {
    let batch = try Batch()
    let manifest = try batch.run()
    #expect(manifest.sheets.count == 43)
    #expect(manifest.failed.isEmpty)
    let ledger = try batch.ledger()
    #expect(ledger.count == 43)
    #expect(Set(ledger.map { "\($0.guardian)/\($0.student)" }).count == 43)
    // Ids are reserved in print order, so the ledger reads in print order too.
    #expect(ledger.map(\.issueID) == manifest.sheets.compactMap(\.issueID))
    for entry in ledger {
      let data = try Data(contentsOf: URL(fileURLWithPath: entry.file))
      #expect(DurableFile.sha256(data) == entry.sha256)
      #expect(entry.file.hasPrefix(batch.week.appendingPathComponent("sheets").path + "/"))
      #expect(try Self.mode(entry.file) == 0o600)
    }
    #expect(try Self.mode(batch.week.path) == 0o700)
    let json = try JSONSerialization.jsonObject(
      with: Data(contentsOf: batch.week.appendingPathComponent("manifest.json")))
    let written = try #require(json as? [String: Any])
    #expect((written["sheets"] as? [Any])?.count == 43)
    #expect((written["runs"] as? [Any])?.count == 1)
    #expect((written["print_files"] as? [Any])?.count == manifest.printFiles.count)
  }

  @Test func reRunningIssuesNothingAndKeepsEveryClassFile() throws {
    let batch = try Batch()
    let first = try batch.run(classes: ["c05a"])
    #expect(!first.sheets.isEmpty)
    #expect(first.sheets.allSatisfy { $0.recipient.classID == ClassID("c05a") })
    let second = try batch.run()
    #expect(second.sheets.count == 43 - first.sheets.count)
    #expect(second.skipped.count == first.sheets.count)
    let third = try batch.run()
    #expect(third.sheets.isEmpty)
    #expect(third.skipped.count == 43)
    #expect(try batch.ledger().count == 43)
    let prints = try FileManager.default.contentsOfDirectory(
      atPath: batch.week.appendingPathComponent("print").path)
    #expect(prints.allSatisfy { $0.hasPrefix("class-") && $0.hasSuffix(".pdf") })
    #expect(prints.count == Set(try batch.ledger().map(\.classID)).count)
  }

  /// The class files are shared among the threads class by class, the manifest written beside
  /// them: how many threads there are changes none of what they say. (Not their bytes: the
  /// registers drawn into one PDF share its font subsets, and which share one depends on the
  /// thread that took them.)
  @Test(arguments: [1, 3, 64])
  func theClassFilesAndManifestAreTheSameWhateverTheJobs(jobs: Int) throws {
    let reference = try Batch()
    _ = try reference.run(jobs: 2)
    let batch = try Batch()
    let manifest = try batch.run(jobs: jobs)
    #expect(manifest.sheets.count == 43)
    // Every class has both files, each naming every sheet of the class.
    let ledger = try batch.ledger()
    let classes = Set(ledger.map(\.classID))
    #expect(Set(manifest.printFiles.map(\.classID)) == classes)
    #expect(Set(manifest.registerFiles.map(\.classID)) == classes)
    try Self.expectEachNamesItsSheets(
      manifest.printFiles + manifest.registerFiles, in: batch.week, ledger: ledger)
    for folder in ["print", "register"] {
      let expected = try Self.texts(of: reference.week.appendingPathComponent(folder))
      #expect(expected.count == classes.count)
      #expect(try Self.texts(of: batch.week.appendingPathComponent(folder)) == expected)
    }
    let written = try #require(
      JSONSerialization.jsonObject(
        with: Data(contentsOf: batch.week.appendingPathComponent("manifest.json")))
        as? [String: Any])
    let sheets = try #require(written["sheets"] as? [[String: Any]])
    #expect(
      sheets.compactMap { $0["issue_id"] as? String } == manifest.sheets.compactMap(\.issueID))
    #expect((written["print_files"] as? [Any])?.count == manifest.printFiles.count)
  }

  /// Registers are drawn a few to a PDF by whichever thread is free, and those left when no
  /// class is (all of them, at 100 to a PDF) are shared out among the threads: every register
  /// is drawn again, once, with its sheets.
  @Test(arguments: [2, 100])
  func registersLostAreDrawnAgainByWhicheverThreadIsFree(perPDF: Int) throws {
    let batch = try Batch()
    let manifest = try batch.run()
    let registers = batch.week.appendingPathComponent("register")
    try Self.removeFiles(in: registers)
    var (assembly, _) = try batch.assembly()
    assembly.registersPerPDF = perPDF
    let classes = try assembly.classes()
    #expect(classes.count > 2 * 3)
    let rebuilt = try assembly.rebuildClassFiles(classes, only: nil, jobs: 3)
    #expect(rebuilt == Set(classes.map(\.classID)))
    try Self.expectEachNamesItsSheets(
      manifest.registerFiles, in: batch.week, ledger: try batch.ledger())
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: registers.path).count == classes.count)
  }

  /// A drawing thread with no sheet left joins the print files of the classes committed so
  /// far, one at a time, until the line is closed; it records what each was joined from.
  @Test func aThreadWithNoSheetLeftJoinsThePrintFilesOfTheClassesCommitted() throws {
    let batch = try Batch()
    let manifest = try batch.run()
    let print = batch.week.appendingPathComponent("print")
    try Self.removeFiles(in: print)
    let (assembly, store) = try batch.assembly()
    let classes = try assembly.classes()
    let committed = Array(classes.prefix(3))
    let ahead = PrintFilesAhead(
      assembly: assembly, numbers: try store.classFileNumbers(for: classes.map(\.classID)))
    let done = DispatchSemaphore(value: 0)
    let template = assembly.template
    Thread {
      ahead.work(renderer: DocumentRenderer(template: template))
      done.signal()
    }.start()
    for files in committed { ahead.committed(files.classID) }
    let deadline = Date().addingTimeInterval(120)
    while ahead.digests.count < committed.count, Date() < deadline { usleep(10_000) }
    ahead.close()
    done.wait()
    var expected: [ClassID: String] = [:]
    for files in committed {
      expected[files.classID] = assembly.digest(try assembly.currentIssues(of: files.classID))
    }
    #expect(ahead.digests == expected)
    let joined = manifest.printFiles.filter { expected[$0.classID] != nil }
    #expect(
      Set(try FileManager.default.contentsOfDirectory(atPath: print.path))
        == Set(joined.map { URL(fileURLWithPath: $0.file).lastPathComponent }))
    try Self.expectEachNamesItsSheets(joined, in: batch.week, ledger: try batch.ledger())
  }

  /// A print file joined ahead is kept when its class's sheets are still those it was joined
  /// from, and joined again when they are not; every class gets its register either way.
  @Test func aPrintFileJoinedAheadIsKeptOnlyForTheSheetsItWasJoinedFrom() throws {
    let batch = try Batch()
    let manifest = try batch.run()
    for folder in ["print", "register"] {
      try Self.removeFiles(in: batch.week.appendingPathComponent(folder))
    }
    let (assembly, _) = try batch.assembly()
    let classes = try assembly.classes()
    var sheets: [ClassID: [ClassIssue]] = [:]
    for files in classes { sheets[files.classID] = try assembly.currentIssues(of: files.classID) }
    let stale = try #require(classes.first { sheets[$0.classID, default: []].count > 1 })
    let kept = try #require(classes.first { $0.classID != stale.classID })
    let renderer = DocumentRenderer(template: assembly.template)
    var blank = WeekAssembly.BlankPage()
    var madeAhead: [ClassID: String] = [:]
    // One joined from the class's sheets, one from fewer sheets than the class has now.
    for (files, joined) in [
      (kept, sheets[kept.classID, default: []]),
      (stale, Array(sheets[stale.classID, default: []].dropLast())),
    ] {
      try assembly.writePrintFile(joined, number: files.number, renderer: renderer, blank: &blank)
      madeAhead[files.classID] = assembly.digest(joined)
    }
    let before = try [kept, stale].map { try Self.inode(batch.week, assembly.printFile($0)) }
    let rebuilt = try assembly.rebuildClassFiles(
      classes, only: nil, jobs: 2, madeAhead: madeAhead)
    #expect(rebuilt == Set(classes.map(\.classID)))
    #expect(try Self.inode(batch.week, assembly.printFile(kept)) == before[0])
    #expect(try Self.inode(batch.week, assembly.printFile(stale)) != before[1])
    try Self.expectEachNamesItsSheets(
      manifest.printFiles + manifest.registerFiles, in: batch.week, ledger: try batch.ledger())
  }

  /// A `--class` the store does not hold is a mistake, not an empty batch: it is refused with
  /// the store's classes before anything is written, a dry run included.
  @Test func anUnknownClassIsRefusedBeforeAnythingIsWritten() throws {
    let batch = try Batch()
    func refused(_ error: any Error) -> Bool {
      guard let error = error as? PaperDiaryError else { return false }
      return error.exitCode == 2
        && error.description.hasPrefix("--class 7b, c99z: no such class in ")
        && error.description.contains("c04a, c05a, c06a")
        && error.description.hasSuffix("nothing was issued")
    }
    #expect { try batch.run(classes: ["c05a", "7b", "c99z"]) } throws: { refused($0) }
    var dryRun = WeeklyWorkflow.Options(store: batch.store.path)
    dryRun.now = Self.now
    dryRun.dryRun = true
    dryRun.classes = ["7b", "c99z"]
    #expect { try WeeklyWorkflow.run(dryRun) } throws: { refused($0) }
    #expect(!FileManager.default.fileExists(atPath: batch.out.path))
    #expect(try batch.ledger().isEmpty)
    #expect(try batch.run(classes: ["c05a"]).sheets.count > 0)
  }

  /// A run refused once it holds the week (here a store changed outside PaperDiary) takes away
  /// the folders it made, `--out` included, and keeps a week folder it found; the next run
  /// makes them again.
  @Test func aRunRefusedUnderTheLockLeavesNoFolderItMade() throws {
    let batch = try Batch()
    let pigeon = { (delivery: String) in
      try DatabaseQueue(path: batch.store.path).write { db in
        try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
        try db.execute(
          sql: "UPDATE guardians SET delivery = ? WHERE guardian_id = 'g00066'",
          arguments: [delivery])
      }
    }
    try pigeon("pigeon")
    func refused(_ error: any Error) -> Bool {
      (error as? PaperDiaryError)?.description.contains("delivery 'pigeon'") == true
    }
    #expect { try batch.run() } throws: { refused($0) }
    #expect(!FileManager.default.fileExists(atPath: batch.out.path))

    try OutputFolder.ensureFolder(batch.week)
    #expect { try batch.run() } throws: { refused($0) }
    #expect(FileManager.default.fileExists(atPath: batch.week.path))

    try pigeon("post")
    #expect(try batch.run().sheets.count == 43)
    #expect(FileManager.default.fileExists(atPath: batch.week.appendingPathComponent(".lock").path))
  }

  /// A week's files are one folder: a batch or a teacher's sheet for the week with another
  /// `--out` is refused before anything is written, and the same folder reached through a
  /// symbolic link is the week's folder.
  @Test func aWeekIssuedIntoOneFolderIsNotContinuedInAnother() throws {
    let batch = try Batch()
    let first = try batch.run(classes: ["c05a"])
    let elsewhere = batch.store.folder.appendingPathComponent("elsewhere")
    func refused(_ error: any Error) -> Bool {
      guard let error = error as? PaperDiaryError else { return false }
      return error.exitCode == 2 && error.description.contains(batch.week.path + ",")
        && error.description.contains("--out \(batch.out.path);")
    }
    var weekly = WeeklyWorkflow.Options(store: batch.store.path)
    weekly.out = elsewhere.path
    weekly.now = Self.now
    weekly.quiet = true
    #expect { try WeeklyWorkflow.run(weekly) } throws: { refused($0) }
    var sheet = SheetWorkflow.Options(
      store: batch.store.path, out: elsewhere.path, student: "s00294")
    sheet.guardian = "g00067"
    sheet.now = Self.now
    #expect { try SheetWorkflow.run(sheet) } throws: { refused($0) }
    #expect(!FileManager.default.fileExists(atPath: elsewhere.path))
    #expect(try batch.ledger().count == first.sheets.count)

    let link = batch.store.folder.appendingPathComponent("link")
    try FileManager.default.createSymbolicLink(at: link, withDestinationURL: batch.out)
    weekly.out = link.path
    let rest = try WeeklyWorkflow.run(weekly)
    #expect(rest.sheets.count == 43 - first.sheets.count)
    #expect(try batch.ledger().count == 43)
  }

  /// Sheets whose rows the store refuses to record are taken away with the rest of the run's
  /// unrecorded files: no file is left that no row names, and then neither is the week's
  /// folder that the run made for them.
  @Test func sheetsWhoseRowsTheStoreRefusesAreNotLeftBehind() throws {
    let batch = try Batch()
    try DatabaseQueue(path: batch.store.path).write {
      try $0.execute(
        sql: """
          CREATE TRIGGER refused BEFORE INSERT ON ledger
          BEGIN SELECT RAISE(ABORT, 'refused by the test'); END
          """)
    }
    #expect { try batch.run() } throws: { "\($0)".contains("refused by the test") }
    #expect(try batch.ledger().isEmpty)
    #expect(!FileManager.default.fileExists(atPath: batch.out.path))
  }

  @Test func whatADeadRunLeftIsClearedAndRedone() throws {
    let batch = try Batch()
    _ = try batch.run(classes: ["c05a"])
    let sheets = batch.week.appendingPathComponent("sheets")
    // A killed run leaves a temporary file, a PDF it never recorded and a reservation.
    try Data("partial".utf8).write(to: sheets.appendingPathComponent("2026-W48-09999.pdf.tmp"))
    try Data("%PDF-1.5".utf8).write(to: sheets.appendingPathComponent("2026-W48-09998.pdf"))
    let store = try GradeStore(path: batch.store.path)
    let reserved = try store.reserveIssues(
      [
        .weekly(
          guardian: GuardianID("g99999"), student: StudentID("s99999"),
          week: try #require(SchoolWeek("2026-W48")))
      ],
      at: Date())
    #expect(reserved.count == 1)
    let manifest = try batch.run()
    #expect(manifest.failed.isEmpty)
    let names = try FileManager.default.contentsOfDirectory(atPath: sheets.path)
    #expect(!names.contains { $0.hasSuffix(".tmp") })
    #expect(!names.contains("2026-W48-09998.pdf"))
    #expect(names.count == 43)
    // The dead run's number is skipped, never reused.
    #expect(!(try batch.ledger().map(\.issueID)).contains(reserved[0]))
  }

  @Test func onlyClassFilesThatNoLongerMatchTheLedgerAreRebuilt() throws {
    let batch = try Batch()
    let first = try batch.run()
    let print = batch.week.appendingPathComponent("print")
    let files = try FileManager.default.contentsOfDirectory(atPath: print.path).sorted()
    let stamps = try files.map {
      try FileManager.default.attributesOfItem(atPath: print.appendingPathComponent($0).path)[
        .modificationDate] as? Date
    }
    // A print file lost (or left half-done by a killed run) is made again; the others stay.
    let lost = try #require(first.printFiles.first)
    try FileManager.default.removeItem(at: batch.week.appendingPathComponent(lost.file))
    _ = try batch.run()
    #expect(
      FileManager.default.fileExists(atPath: batch.week.appendingPathComponent(lost.file).path))
    for (name, stamp) in zip(files, stamps) where "print/" + name != lost.file {
      let now =
        try FileManager.default.attributesOfItem(
          atPath: print.appendingPathComponent(name).path)[.modificationDate] as? Date
      #expect(now == stamp, "\(name) was rebuilt although nothing in it changed")
    }
  }

  @Test func aLooseOutputFolderIsRefusedAndNothingIsIssued() throws {
    let batch = try Batch()
    try FileManager.default.createDirectory(at: batch.out, withIntermediateDirectories: true)
    chmod(batch.out.path, 0o755)
    #expect {
      try batch.run()
    } throws: { error in
      (error as? PaperDiaryError).map { $0.exitCode == 2 && $0.description.contains("chmod 700") }
        ?? false
    }
    #expect(try batch.ledger().isEmpty)
  }

  /// Each PDF of `folder` by name, with its text page by page (`pdftotext`).
  static func texts(of folder: URL) throws -> [String: String] {
    var texts: [String: String] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
      texts[name] = try text(of: folder.appendingPathComponent(name))
    }
    return texts
  }

  static func text(of pdf: URL) throws -> String {
    let result = try PDFTool.run("pdftotext", ["-layout", "-enc", "UTF-8", pdf.path, "-"])
    #expect(result.status == 0, "pdftotext \(pdf.path): \(result.errors)")
    return result.output
  }

  /// Every class file of `files` names every ledger entry of its class.
  static func expectEachNamesItsSheets(
    _ files: [WeeklyManifest.ClassFile], in week: URL, ledger: [LedgerEntry]
  ) throws {
    for file in files {
      let text = try text(of: week.appendingPathComponent(file.file))
      for entry in ledger where entry.classID == file.classID {
        #expect(text.contains(entry.issueID), "\(file.file) does not name \(entry.issueID)")
      }
    }
  }

  static func removeFiles(in folder: URL) throws {
    for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
      try FileManager.default.removeItem(at: folder.appendingPathComponent(name))
    }
  }

  static func inode(_ week: URL, _ file: WeeklyManifest.ClassFile) throws -> UInt64? {
    try FileManager.default.attributesOfItem(atPath: week.appendingPathComponent(file.file).path)[
      .systemFileNumber] as? UInt64
  }

  static func mode(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.posixPermissions] as? Int ?? 0) & 0o777
  }
}
