import Foundation
import PDFTestSupport
import Testing

@testable import PaperDiaryKit

/// The Friday batch's paper, read the way the office and the families read it (DESIGN §4, §5,
/// R7, R9, R10 and §7 "Valid PDFs"): the real `weekly` run on a store imported from `Samples/`
/// (2026-W48), its PDFs opened with poppler's tools and qpdf, never compared as bytes. Names and
/// subjects come from the sample's CSV files; the figures from the week's `manifest.json`.
///
/// The suite shares one batch (`.sampleBatch`), made before its first test and removed after
/// its last; the tests below only read it.
@Suite("Weekly paper: the sheets, print files and registers of a real batch", .sampleBatch)
struct WeeklyPaperTests {
  // MARK: - Sheets as a parent reads them

  /// Every sheet names its student and the guardian it goes to, lists its subjects in order down
  /// the table's subject column, and in each subject's row shows the manifest's average
  /// (truncated, as printed) and forecast, or the final mark that replaces the forecast (§3, §4).
  @Test func everySheetShowsItsPeopleSubjectsAndFigures() throws {
    let batch = try PaperBatch.current()
    let facts = try SampleFacts.load()
    #expect(batch.firstRun.failed.isEmpty, "failed: \(batch.firstRun.failed.map(\.error))")
    #expect(batch.firstRun.sheets.count == batch.manifest.sheets.count)
    #expect(!batch.manifest.sheets.isEmpty)
    for sheet in batch.manifest.sheets {
      let at = "\(sheet.issueID) (\(sheet.student)/\(sheet.guardian))"
      let pdf = try PDFReading(batch.weekFolder.appendingPathComponent(sheet.file))
      let student = try #require(facts.students[sheet.student], "\(at): unknown student")
      let guardian = try #require(facts.guardians[sheet.guardian], "\(at): unknown guardian")
      for (what, text) in [
        ("the student's name", student.full), ("the guardian's name", guardian.full),
        ("the issue number", sheet.issueID),
      ] {
        let shown = pdf.shows(text)
        #expect(shown, "\(at): \(what) «\(text)» is missing")
      }

      // The subject column is narrow: a long name wraps, and the layout text sets the next
      // columns beside each of its lines, so names are read down the column instead.
      let names = try sheet.subjects.map { subject in
        try #require(facts.subjects[subject.id], "\(at): unknown subject \(subject.id)")
      }
      let table = pdf.table(subjects: names, columns: .russian)
      #expect(table.problems.isEmpty, "\(at): \(table.problems.joined(separator: "; "))")
      #expect(table.rows.count == names.count, "\(at): rows read")
      for (subject, row) in zip(sheet.subjects, table.rows) {
        let forecast =
          subject.finalMark.map { "итог: \($0)" } ?? subject.projected.map(String.init) ?? "—"
        let expected = "\(subject.averageText ?? "—") \(forecast)"
        #expect(
          row.figures == expected,
          """
          \(at): row «\(row.name)» shows «\(row.figures)» under average and forecast, \
          the manifest says «\(expected)»
          """)
      }
    }
  }

  /// R9: a sheet carries only its own student's data. No other student of the sample appears
  /// as «Last First» (a namesake of this student, of the guardian or of the class teacher is
  /// not a leak and is skipped).
  @Test func noSheetNamesAnotherStudent() throws {
    let batch = try PaperBatch.current()
    let facts = try SampleFacts.load()
    for sheet in batch.manifest.sheets {
      let pdf = try PDFReading(batch.weekFolder.appendingPathComponent(sheet.file))
      let student = try #require(facts.students[sheet.student])
      let guardian = try #require(facts.guardians[sheet.guardian])
      let own = [student.full, guardian.full, facts.teachers[sheet.classID] ?? ""]
      let texts = [pdf.squeezedLayout, pdf.readingText].map { text in
        own.filter { !$0.isEmpty }.reduce(text) { $0.replacingOccurrences(of: $1, with: "∎") }
      }
      let words = Set(texts.flatMap { $0.split(whereSeparator: { !$0.isLetter }).map(String.init) })
      for (id, other) in facts.students where id != sheet.student {
        guard other.lastFirst != student.lastFirst,
          words.contains(other.last), words.contains(other.first)
        else { continue }
        for text in texts {
          let named = PDFReading.contains(text, phrase: other.lastFirst)
          #expect(
            !named,
            "\(sheet.issueID) of \(sheet.student) names another student: \(id) «\(other.lastFirst)»"
          )
        }
      }
    }
  }

  // MARK: - Files as the office prints them

  /// §7: every sheet, print file and register passes `qpdf --check`, embeds every font and
  /// has only A4 pages.
  @Test func everyPDFIsValidA4WithEmbeddedFonts() throws {
    let batch = try PaperBatch.current()
    let files =
      batch.manifest.sheets.map(\.file) + batch.manifest.printFiles.map(\.file)
      + batch.manifest.registerFiles.map(\.file)
    #expect(batch.manifest.printFiles.count == batch.manifest.registerFiles.count)
    for file in files {
      let url = batch.weekFolder.appendingPathComponent(file)
      let check = try PDFTool.run("qpdf", ["--check", url.path])
      #expect(
        check.status == 0 && check.output.contains("No syntax or stream encoding errors"),
        "\(file): qpdf --check: \(check.output) \(check.errors)")

      let fonts = try PDFReading.fonts(url)
      #expect(!fonts.isEmpty, "\(file): pdffonts lists no font")
      for font in fonts {
        #expect(font.embedded, "\(file): font \(font.name) is not embedded")
      }

      let sizes = try PDFReading.pageSizes(url)
      #expect(!sizes.isEmpty, "\(file): pdfinfo lists no page")
      for (page, size) in sizes.enumerated() {
        #expect(
          abs(size.width - 595.28) <= 0.5 && abs(size.height - 841.89) <= 0.5,
          "\(file): page \(page + 1) is \(size.width) x \(size.height) pts, not A4")
      }
    }
  }

  /// The manifest's `pages` is what `pdfinfo` counts; each print file is its class's sheets in
  /// print order, each padded to an even page count (R10), so no leaf carries two families.
  @Test func pageCountsAgreeAndPrintFilesArePaddedForDuplex() throws {
    let batch = try PaperBatch.current()
    for sheet in batch.manifest.sheets {
      let url = batch.weekFolder.appendingPathComponent(sheet.file)
      #expect(try PDFReading.pageCount(url) == sheet.pages, "\(sheet.issueID): pages")
    }
    try Self.expectPrintFiles(of: batch, simplex: false)
    let padded = batch.manifest.sheets.contains { $0.pages % 2 == 1 }
    #expect(padded, "the sample must have an odd sheet for padding to be seen")
  }

  /// Each class's register lists every sheet of the class by its number; a `post` row reads
  /// «почтой» and the total counts them (R7, R10).
  @Test func registersListEverySheetAndTheSheetsSentByPost() throws {
    let batch = try PaperBatch.current()
    let facts = try SampleFacts.load()
    try Self.expectRegisters(of: batch, facts: facts)
    let posted = batch.manifest.sheets.filter { facts.delivery[$0.guardian] == "post" }
    #expect(!posted.isEmpty, "the sample must have a post guardian in W48")
  }

  /// R9 and §5: folders 0700, files 0600, and no `*.tmp` left behind.
  @Test func everythingIsOwnerOnlyAndNoTemporaryFileIsLeft() throws {
    let batch = try PaperBatch.current()
    try Self.expectOwnerOnly(batch.out)
  }

  // MARK: - Checks shared with the runs that need their own store

  static func expectPrintFiles(of batch: PaperBatch, simplex: Bool) throws {
    let manifest = try batch.readManifest()
    #expect(!manifest.printFiles.isEmpty)
    var classesWithSheets = Set(manifest.sheets.map(\.classID))
    for file in manifest.printFiles {
      classesWithSheets.remove(file.classID)
      let sheets = manifest.sheets.filter { $0.classID == file.classID }
      let padded = sheets.map { simplex || $0.pages % 2 == 0 ? $0.pages : $0.pages + 1 }
      let expected = padded.reduce(0, +)
      let url = batch.weekFolder.appendingPathComponent(file.file)
      #expect(try PDFReading.pageCount(url) == expected, "\(file.file) of \(file.classID): pages")
      #expect(file.pages == expected, "manifest: \(file.file) pages")
      // Page by page: each sheet starts where the padding says, and a padding page is blank.
      let pages = try PDFReading(url).pageTexts
      var first = 0
      for (sheet, span) in zip(sheets, padded) {
        for page in first..<min(first + span, pages.count) {
          let text = pages[page].trimmingCharacters(in: .whitespacesAndNewlines)
          if page < first + sheet.pages {
            #expect(
              text.contains(sheet.issueID), "\(file.file) page \(page + 1): not \(sheet.issueID)")
          } else {
            #expect(text.isEmpty, "\(file.file) page \(page + 1) should be blank padding: \(text)")
          }
        }
        first += span
      }
    }
    #expect(classesWithSheets.isEmpty, "classes without a print file: \(classesWithSheets)")
  }

  static func expectRegisters(of batch: PaperBatch, facts: SampleFacts) throws {
    let manifest = try batch.readManifest()
    var classesWithSheets = Set(manifest.sheets.map(\.classID))
    for file in manifest.registerFiles {
      classesWithSheets.remove(file.classID)
      let sheets = manifest.sheets.filter { $0.classID == file.classID }
      let text = try PDFReading(batch.weekFolder.appendingPathComponent(file.file)).layout
      let lines = text.split(separator: "\n").map(String.init)
      for sheet in sheets {
        let row = lines.first { $0.contains(sheet.issueID) }
        #expect(row != nil, "\(file.file) of \(file.classID) does not list \(sheet.issueID)")
        let post = facts.delivery[sheet.guardian] == "post"
        #expect(
          row?.contains("почтой") == post,
          "\(file.file): the row of \(sheet.issueID) should \(post ? "" : "not ")read «почтой»")
      }
      let posted = sheets.filter { facts.delivery[$0.guardian] == "post" }.count
      #expect(
        PDFText.squeezed(text).contains("из них почтой: \(posted)."),
        "\(file.file): the total should count \(posted) sent by post")
    }
    #expect(classesWithSheets.isEmpty, "classes without a register: \(classesWithSheets)")
  }

  static func expectOwnerOnly(_ root: URL) throws {
    #expect(try PDFReading.mode(root) == 0o700, "\(root.path) is not 0700")
    let items = try #require(
      FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isDirectoryKey]))
    var files = 0
    for case let url as URL in items {
      let isFolder = try url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory ?? false
      let mode = try PDFReading.mode(url)
      #expect(mode == (isFolder ? 0o700 : 0o600), "\(url.path) is \(String(mode, radix: 8))")
      #expect(!url.lastPathComponent.hasSuffix(".tmp"), "left over: \(url.path)")
      if !isFolder { files += 1 }
    }
    #expect(files > 0)
  }
}

/// Runs that change their output or use other options, each on a store of its own.
@Suite("Weekly paper: re-runs, simplex and the English template")
struct WeeklyPaperRunTests {
  /// Re-running the week issues nothing (R3) and rebuilds print files and registers that
  /// still hold every sheet.
  @Test func reRunningIssuesNothingAndKeepsEverySheetInTheClassFiles() throws {
    let batch = try PaperBatch()
    let facts = try SampleFacts.load()
    let first = batch.manifest
    let again = try batch.run()
    #expect(again.sheets.isEmpty, "a re-run issued \(again.sheets.count) sheets")
    #expect(again.failed.isEmpty)
    #expect(again.skipped.count == first.sheets.count)
    #expect(again.skipped.allSatisfy { $0.reason == "already_issued" })
    let now = try batch.readManifest()
    #expect(now.sheets.map(\.issueID) == first.sheets.map(\.issueID))
    try WeeklyPaperTests.expectPrintFiles(of: batch, simplex: false)
    try WeeklyPaperTests.expectRegisters(of: batch, facts: facts)
    try WeeklyPaperTests.expectOwnerOnly(batch.out)
  }

  /// `--simplex` leaves print files unpadded.
  @Test func simplexPrintFilesAreNotPadded() throws {
    let batch = try PaperBatch(simplex: true)
    try WeeklyPaperTests.expectPrintFiles(of: batch, simplex: true)
    #expect(batch.manifest.sheets.contains { $0.pages % 2 == 1 })
  }

  /// `--template en`: the words of the sheets and registers are English. Cyrillic is allowed
  /// only where it is data: every Cyrillic word on the page occurs in the sample's files, and
  /// none of a list of the Russian template's phrases appears.
  @Test func theEnglishTemplateLeavesNoRussianWording() throws {
    let batch = try PaperBatch(template: "en")
    let vocabulary = try SampleFacts.vocabulary()
    // A long data word may be hyphenated at a line end («Обществознан-» «ие»); pdftotext drops
    // the hyphen, so the pieces of a data word count as data.
    let pieces = Set(
      vocabulary.flatMap { word in
        (2..<max(2, word.count)).flatMap { [String(word.prefix($0)), String(word.suffix($0))] }
      })
    let russian = [
      "Лист успеваемости", "Обучающийся", "Учебная неделя", "Данные на", "Средний балл",
      "Что нужно", "Классный руководитель", "Персональные данные", "линия отреза", "получил(а)",
      "Ведомость выдачи", "стр.",
    ]
    let manifest = try batch.readManifest()
    let files =
      manifest.sheets.map { ($0.file, "Progress and forecast sheet") }
      + manifest.registerFiles.map { ($0.file, "Delivery register of progress sheets") }
    for (file, title) in files {
      let pdf = try PDFReading(batch.weekFolder.appendingPathComponent(file))
      let titled = pdf.shows(title)
      #expect(titled, "\(file): no «\(title)»")
      let left = russian.filter { pdf.squeezedLayout.contains($0) }
      #expect(left.isEmpty, "\(file): Russian template text \(left)")
      let cyrillic = Set(
        pdf.squeezedLayout.split(whereSeparator: { !$0.isLetter }).map(String.init).filter {
          $0.unicodeScalars.contains { (0x400...0x4FF).contains($0.value) }
        })
      let foreign = cyrillic.filter { !vocabulary.contains($0) && !pieces.contains($0) }.sorted()
      #expect(foreign.isEmpty, "\(file): Cyrillic words that are not data: \(foreign)")
    }
  }
}

// MARK: - The batch

/// Gives the suite one batch on the sample, made before its tests and removed after them.
struct SampleBatchTrait: SuiteTrait, TestScoping {
  func provideScope(
    for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
  ) async throws {
    let batch = try PaperBatch()
    try await PaperBatch.$shared.withValue(batch) { try await function() }
  }
}

extension Trait where Self == SampleBatchTrait {
  static var sampleBatch: Self { Self() }
}

/// A fresh store imported from `Samples/` and one `weekly --now "2026-11-27 15:00"` run into
/// `OUT` (the real batch, through the workflow), all in a temporary folder removed with it.
final class PaperBatch: Sendable {
  static let week = "2026-W48"
  @TaskLocal static var shared: PaperBatch?

  static func current() throws -> PaperBatch {
    try #require(shared, "the suite needs the .sampleBatch trait")
  }

  let folder: URL
  let store: String
  let out: URL
  let template: String?
  let simplex: Bool
  /// What the first run returned, and the week's `manifest.json` after it.
  let firstRun: WeeklyManifest
  let manifest: PaperManifest
  var weekFolder: URL { out.appendingPathComponent(Self.week) }

  init(template: String? = nil, simplex: Bool = false) throws {
    folder = try OutputFolder.makeTemporary(prefix: "paperdiary-paper-test")
    store = folder.appendingPathComponent("grades.sqlite").path
    out = folder.appendingPathComponent("out")
    self.template = template
    self.simplex = simplex
    do {
      _ = try StoreWorkflows.initialize(store: store)
      _ = try StoreWorkflows.importSet(
        SampleFacts.samples.path, store: store, replace: false)
      firstRun = try Self.run(store: store, out: out, template: template, simplex: simplex)
      manifest = try PaperManifest(weekFolder: out.appendingPathComponent(Self.week))
    } catch {
      try? FileManager.default.removeItem(at: folder)
      throw error
    }
  }

  deinit { try? FileManager.default.removeItem(at: folder) }

  /// The same batch once more.
  func run() throws -> WeeklyManifest {
    try Self.run(store: store, out: out, template: template, simplex: simplex)
  }

  func readManifest() throws -> PaperManifest { try PaperManifest(weekFolder: weekFolder) }

  private static func run(store: String, out: URL, template: String?, simplex: Bool) throws
    -> WeeklyManifest
  {
    var options = WeeklyWorkflow.Options(store: store)
    options.out = out.path
    options.now = "2026-11-27 15:00"
    options.jobs = 2
    options.template = template
    options.simplex = simplex
    options.quiet = true
    options.operatorName = "test"
    return try WeeklyWorkflow.run(options)
  }
}

/// The parts of `manifest.json` (§5) these tests read.
struct PaperManifest: Sendable {
  struct Subject: Sendable {
    let id: String
    let averageText: String?
    let projected: Int?
    let finalMark: String?
  }

  struct Sheet: Sendable {
    let issueID: String
    let student: String
    let guardian: String
    let classID: String
    let file: String
    let pages: Int
    let subjects: [Subject]
  }

  struct ClassFile: Sendable {
    let classID: String
    let file: String
    let pages: Int?
  }

  let sheets: [Sheet]
  let printFiles: [ClassFile]
  let registerFiles: [ClassFile]

  init(weekFolder: URL) throws {
    let data = try Data(contentsOf: weekFolder.appendingPathComponent("manifest.json"))
    let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    func string(_ object: [String: Any], _ key: String) throws -> String {
      try #require(object[key] as? String, "manifest: \(key) is not a string")
    }
    sheets = try (root["sheets"] as? [[String: Any]] ?? []).map { sheet in
      Sheet(
        issueID: try string(sheet, "issue_id"), student: try string(sheet, "student_id"),
        guardian: try string(sheet, "guardian_id"), classID: try string(sheet, "class_id"),
        file: try string(sheet, "file"),
        pages: try #require((sheet["pages"] as? NSNumber)?.intValue, "manifest: pages"),
        subjects: (sheet["subjects"] as? [[String: Any]] ?? []).map { subject in
          Subject(
            id: subject["subject_id"] as? String ?? "?",
            averageText: subject["average_text"] as? String,
            projected: (subject["projected"] as? NSNumber)?.intValue,
            finalMark: subject["final_mark"] as? String)
        })
    }
    func files(_ key: String) throws -> [ClassFile] {
      try (root[key] as? [[String: Any]] ?? []).map {
        ClassFile(
          classID: try string($0, "class_id"), file: try string($0, "file"),
          pages: ($0["pages"] as? NSNumber)?.intValue)
      }
    }
    printFiles = try files("print_files")
    registerFiles = try files("register_files")
  }
}

/// People, subjects and deliveries of `Samples/`, read from its CSV files.
struct SampleFacts: Sendable {
  struct Person: Sendable {
    let last: String
    let first: String
    let middle: String

    var full: String { [last, first, middle].filter { !$0.isEmpty }.joined(separator: " ") }
    var lastFirst: String { "\(last) \(first)" }
  }

  static let samples = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Samples")

  let students: [String: Person]
  let guardians: [String: Person]
  let delivery: [String: String]
  let subjects: [String: String]
  let teachers: [String: String]

  static func load() throws -> SampleFacts {
    func person(_ row: [String: String]) -> Person {
      Person(
        last: row["last_name"] ?? "", first: row["first_name"] ?? "",
        middle: row["middle_name"] ?? "")
    }
    let students = try table("students.csv")
    let guardians = try table("guardians.csv")
    return SampleFacts(
      students: Dictionary(students.map { ($0["student_id"] ?? "", person($0)) }) { a, _ in a },
      guardians: Dictionary(guardians.map { ($0["guardian_id"] ?? "", person($0)) }) { a, _ in a },
      delivery: Dictionary(guardians.map { ($0["guardian_id"] ?? "", $0["delivery"] ?? "") }) {
        a, _ in a
      },
      subjects: Dictionary(
        try table("subjects.csv").map { ($0["subject_id"] ?? "", $0["name"] ?? "") }
      ) {
        a, _ in a
      },
      teachers: Dictionary(
        try table("classes.csv").map { ($0["class_id"] ?? "", $0["homeroom_teacher"] ?? "") }
      ) { a, _ in a })
  }

  /// Every word of every file of the sample: what may appear on a sheet as data.
  static func vocabulary() throws -> Set<String> {
    var words = Set<String>()
    for name in try FileManager.default.contentsOfDirectory(atPath: samples.path)
    where name.hasSuffix(".csv") || name.hasSuffix(".toml") {
      let text = try String(contentsOf: samples.appendingPathComponent(name), encoding: .utf8)
      words.formUnion(text.split(whereSeparator: { !$0.isLetter }).map(String.init))
    }
    return words
  }

  static func table(_ name: String) throws -> [[String: String]] {
    try WeeklyDryRunEndToEndTests.csv(samples.appendingPathComponent(name))
  }
}

// MARK: - Reading PDFs

/// A PDF as poppler shows it to a reader: the text laid out as on paper (`pdftotext -layout`),
/// and every word with its box in reading order (`pdftotext -bbox`), page by page.
struct PDFReading {
  typealias Word = PDFWord

  /// Where the columns of the weekly table begin, found by their header words.
  struct Columns {
    let subject: String
    let marks: String
    let averagePrefix: String
    let needs: String

    /// Templates/ru: «Предмет», «Отметки за период», «Средний балл», «Что нужно».
    static let russian = Columns(
      subject: "Предмет", marks: "Отметки", averagePrefix: "Сред", needs: "Что")
  }

  /// A subject's row: its name as read down the subject column, and what stands in its average
  /// and forecast columns.
  struct Row {
    let name: String
    let figures: String
  }

  let layout: String
  let pages: [[Word]]

  init(_ url: URL) throws {
    let layout = try PDFTool.run("pdftotext", ["-layout", "-enc", "UTF-8", url.path, "-"])
    #expect(layout.status == 0, "pdftotext \(url.path): \(layout.errors)")
    self.layout = layout.output
    let boxes = try PDFTool.run("pdftotext", ["-bbox", "-enc", "UTF-8", url.path, "-"])
    #expect(boxes.status == 0, "pdftotext -bbox \(url.path): \(boxes.errors)")
    pages = PDFText.words(bbox: boxes.output)
  }

  /// The pages of the laid-out text (pdftotext ends each page with a form feed).
  var pageTexts: [String] {
    var pages = layout.components(separatedBy: "\u{0C}")
    if pages.last?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty == true {
      pages.removeLast()
    }
    return pages
  }

  var squeezedLayout: String { PDFText.squeezed(layout) }

  /// The words in reading order, so a name wrapped inside a narrow column reads whole.
  var readingText: String { pages.joined().map(\.text).joined(separator: " ") }

  /// Whether a reader finds `phrase`, as whole words, across line breaks: in the laid-out text
  /// or, where the layout sets another column beside a wrapped line, in reading order.
  func shows(_ phrase: String) -> Bool {
    Self.contains(squeezedLayout, phrase: phrase) || Self.contains(readingText, phrase: phrase)
  }

  /// The weekly table's rows, matched in order against `subjects`. The subject column is what
  /// lies left of the marks column below the header row, on every page that has the header;
  /// a name may wrap over several lines. `problems` says where the reading went wrong.
  func table(subjects: [String], columns: Columns) -> (rows: [Row], problems: [String]) {
    struct Line {
      let page: Int
      let y: Double
      let text: String
      let next: Double?
    }
    var lines: [Line] = []
    var figureWords: [Int: (average: Double, needs: Double)] = [:]
    for (number, words) in pages.enumerated() {
      guard let header = words.first(where: { $0.text == columns.subject }) else { continue }
      let band = words.filter { abs($0.y0 - header.y0) < 2 }
      guard let marks = band.first(where: { $0.text == columns.marks && $0.x0 > header.x1 }),
        let average = band.first(where: { $0.text.hasPrefix(columns.averagePrefix) }),
        let needs = band.first(where: { $0.text == columns.needs })
      else { continue }
      figureWords[number] = (average.x0 - 1, needs.x0 - 0.5)
      let column = words.filter { $0.y0 > header.y0 + 2 && $0.x1 < marks.x0 - 0.5 }
      let grouped = Self.lines(column)
      for (index, line) in grouped.enumerated() {
        lines.append(
          Line(
            page: number, y: line.y, text: line.text,
            next: index + 1 < grouped.count ? grouped[index + 1].y : nil))
      }
    }
    var rows: [Row] = []
    var problems: [String] = []
    var index = 0
    for name in subjects {
      guard index < lines.count else {
        problems.append("«\(name)» is not in the table's subject column")
        break
      }
      let start = lines[index]
      var read = start.text
      index += 1
      while read != name, name.hasPrefix(read + " "), index < lines.count {
        read += " " + lines[index].text
        index += 1
      }
      guard read == name else {
        problems.append("expected «\(name)», the subject column reads «\(read)»")
        break
      }
      guard let range = figureWords[start.page] else { continue }
      // The row's first line, and a second one for a wrapped «итог: 5», but not the next row.
      let bottom = min(start.next ?? .infinity, start.y + 20)
      let figures = pages[start.page].filter {
        $0.y0 > start.y - 2.5 && $0.y0 < bottom - 2.5 && $0.x0 >= range.average
          && $0.x1 <= range.needs
      }
      rows.append(Row(name: name, figures: Self.lines(figures).map(\.text).joined(separator: " ")))
    }
    return (rows, problems)
  }

  // MARK: Tools

  static func pageCount(_ url: URL) throws -> Int? {
    let info = try PDFTool.run("pdfinfo", [url.path])
    let line = info.output.split(separator: "\n").first { $0.hasPrefix("Pages:") }
    return line.flatMap { Int($0.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces)) }
  }

  /// Every page's size in points, from `pdfinfo -f 1 -l <pages>`.
  static func pageSizes(_ url: URL) throws -> [(width: Double, height: Double)] {
    let pages = try #require(try pageCount(url), "pdfinfo cannot read \(url.path)")
    let info = try PDFTool.run("pdfinfo", ["-f", "1", "-l", String(pages), url.path])
    return info.output.split(separator: "\n").compactMap { line in
      guard line.hasPrefix("Page "), line.contains(" size:") else { return nil }
      let parts = line.split(separator: ":", maxSplits: 1).last?.split(separator: " ") ?? []
      guard parts.count >= 3, let width = Double(parts[0]), let height = Double(parts[2]) else {
        return nil
      }
      return (width, height)
    }
  }

  /// `pdffonts` rows; emb, sub, uni, object and generation are the last five columns.
  static func fonts(_ url: URL) throws -> [(name: String, embedded: Bool)] {
    let result = try PDFTool.run("pdffonts", [url.path])
    #expect(result.status == 0, "pdffonts \(url.path): \(result.errors)")
    let lines = result.output.split(separator: "\n")
    guard let rule = lines.firstIndex(where: { $0.hasPrefix("---") }) else { return [] }
    return lines[(rule + 1)...].compactMap { line in
      let columns = line.split(separator: " ")
      guard columns.count >= 6, let name = columns.first else { return nil }
      return (String(name), columns[columns.count - 5] == "yes")
    }
  }

  static func mode(_ url: URL) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
    return (attributes[.posixPermissions] as? Int ?? 0) & 0o777
  }

  // MARK: Text

  /// `phrase` in `text` with no letter right before or after it («Ким Ян» is not in «Ким Яна»).
  static func contains(_ text: String, phrase: String) -> Bool {
    var from = text.startIndex
    while let found = text.range(of: phrase, range: from..<text.endIndex) {
      let before =
        found.lowerBound > text.startIndex ? text[text.index(before: found.lowerBound)] : " "
      let after = found.upperBound < text.endIndex ? text[found.upperBound] : " "
      if !before.isLetter && !after.isLetter { return true }
      from = text.index(after: found.lowerBound)
    }
    return false
  }

  /// Words on one line (tops within 2 pt), top to bottom, left to right.
  static func lines(_ words: [Word]) -> [(y: Double, text: String)] {
    var lines: [(y: Double, words: [Word])] = []
    for word in words.sorted(by: { ($0.y0, $0.x0) < ($1.y0, $1.x0) }) {
      if let last = lines.last, abs(word.y0 - last.y) < 2 {
        lines[lines.count - 1].words.append(word)
      } else {
        lines.append((word.y0, [word]))
      }
    }
    return lines.map { line in
      (line.y, line.words.sorted { $0.x0 < $1.x0 }.map(\.text).joined(separator: " "))
    }
  }
}
