import DiaryRules
import Foundation
import PDFTestSupport
import SheetRendering
import Testing

@testable import PaperDiaryKit

/// `paperdiary forms` (R8): what a parent and the office read on each form — cl. 5's phrase
/// word for word on the refusal, the names from the store, blank lines otherwise — and that the
/// PDF is an A4 page with its fonts embedded, written 0600; bad ids are exit 2.
///
/// Serialized: forms bring the serif faces beside the sans ones, and two forms drawn at once
/// beside the sheets of other suites have crashed inside FreeType (a core dump showed one
/// thread in `cairo_surface_finish` → `FT_Get_First_Char` while another opened a face in
/// `FT_New_Face`; Cairo 1.16 keeps at most ten FreeType faces open and closes others to open
/// more). A batch draws with six faces and has not crashed; see the session notes of issue 5.
@Suite("paperdiary forms", .serialized)
struct FormsWorkflowTests {
  static let phrase =
    "«родитель (законный представитель) проинформирован о том, что отказ от получения данной "
    + "услуги в электронном виде влечет за собой предоставление информации о текущей "
    + "успеваемости не чаще 1 раза в неделю, а также невозможность получения информации о "
    + "домашних заданиях с помощью сети Интернет (в этом случае информацию о домашних заданиях "
    + "ученик записывает самостоятельно на каждом занятии)»"

  /// 27 November 2026, 15:00 in Yekaterinburg: the fixture's export day.
  static let friday = Date(timeIntervalSince1970: 1_795_773_600)

  func form(
    _ kind: FormKind, _ paper: PaperFixture, student: String? = nil, guardian: String? = nil,
    template: String? = nil, name: String = "form.pdf"
  ) throws -> FormsWorkflow.Result {
    var options = FormsWorkflow.Options(
      kind: kind, out: paper.out.appendingPathComponent(name).path)
    options.store = student == nil ? nil : paper.store
    options.student = student
    options.guardian = guardian
    options.template = template
    return try FormsWorkflow.run(options, clock: Self.friday)
  }

  @Test("a blank refusal: cl. 5's phrase word for word, blank lines, A4, fonts embedded, 0600")
  func blankRefusal() throws {
    let paper = try PaperFixture()
    let result = try form(.refusal, paper)
    #expect(!result.prefilled)
    #expect(result.pages == 1)
    let text = PDFText.squeezed(try PDFProbe.text(result.path))
    #expect(text.contains(Self.phrase))
    for words in [
      "Вх. №", "ЗАЯВЛЕНИЕ", "через обучающегося", "почтой по адресу", "152-ФЗ", "Я, ____",
    ] {
      #expect(text.contains(words), "\(words) is missing")
    }
    #expect(!text.contains("{"))
    try PDFProbe.expectA4WithEmbeddedFonts(result.path)
    #expect(try PDFProbe.mode(result.path) == 0o600)
  }

  @Test("a pre-filled refusal names school, class, student and guardian; the date stays blank")
  func prefilledRefusal() throws {
    let paper = try PaperFixture()
    let result = try form(.refusal, paper, student: "s1", guardian: "g1")
    #expect(result.prefilled)
    let text = PDFText.squeezed(try PDFProbe.text(result.path))
    for words in [
      Self.phrase, "МБОУ «Тестовая школа № 1»", "Иванова Ольга Петровна", "Иванов Пётр Сергеевич",
      "класс 7Б", "«____» ______________ 20___ г.",
    ] {
      #expect(text.contains(words), "\(words) is missing")
    }
    // g1 has already refused (r1): the form is made, with a warning for the office.
    #expect(result.warnings.count == 1)
    #expect(result.warnings.first?.contains("already refused") == true)
    #expect(try PDFProbe.mode(result.path) == 0o600)
  }

  @Test("contacts: the delivery method on record is ticked, the documented address filled in")
  func contacts() throws {
    let paper = try PaperFixture()
    let post = PDFText.squeezed(
      try PDFProbe.text(try form(.contacts, paper, student: "s1", guardian: "g2").path))
    #expect(post.contains("☒ почтой по адресу: 628680, г. Мегион, ул. Заречная, д. 5, кв. 12"))
    #expect(post.contains("☐ через обучающегося"))
    #expect(post.contains("заявление вх. № 57"))
    #expect(post.contains("Иванов Сергей Николаевич"))
    // g1 receives through the student and has no documented contacts: no address is printed.
    let student = PDFText.squeezed(
      try PDFProbe.text(try form(.contacts, paper, student: "s1", guardian: "g1").path))
    #expect(student.contains("☒ через обучающегося"))
    #expect(student.contains("☐ почтой по адресу: ____"))
  }

  @Test("an annulment names the refusal in force; a pair without one is refused with exit 2")
  func annulment() throws {
    let paper = try PaperFixture()
    let text = PDFText.squeezed(
      try PDFProbe.text(try form(.annulment, paper, student: "s2", guardian: "g3").path))
    #expect(text.contains("от 02.11.2026 (вх. № 171)"))
    #expect(text.contains("Ёлкина Марина Юрьевна"))
    let blank = PDFText.squeezed(
      try PDFProbe.text(try form(.annulment, paper, name: "b.pdf").path))
    #expect(blank.contains("от «____» ______________ 20___ г. (вх. № __________)"))
    #expect {
      try form(.annulment, paper, student: "s4", guardian: "g5")
    } throws: { error in
      (error as? PaperDiaryError).map {
        $0.exitCode == 2 && $0.description.contains("nothing to annul")
      } ?? false
    }
  }

  @Test("a student's consent: the student signs; under 14 or without a passport is a warning")
  func studentConsent() throws {
    let paper = try PaperFixture()
    let fine = try form(.studentConsent, paper, student: "s3", guardian: "g4")
    #expect(fine.warnings.isEmpty)
    let text = PDFText.squeezed(try PDFProbe.text(fine.path))
    for words in ["Смирнов Илья Андреевич", "20.05.2011", "Смирнова Татьяна", "Кузнецова Мария"] {
      #expect(text.contains(words), "\(words) is missing")
    }
    let young = try form(.studentConsent, paper, student: "s1", name: "young.pdf")
    #expect(young.warnings.count == 2)
    #expect(young.warnings.contains { $0.contains("under 14") })
    #expect(young.warnings.contains { $0.contains("no passport") })
  }

  @Test(
    "unknown or unlinked ids are bad input (exit 2), an id without its owner is bad usage",
    arguments: [
      ("s99", nil, 2, "--student s99: no such student"),
      ("s1", "g99", 2, "--guardian g99: no such guardian"),
      ("s1", "g3", 2, "--guardian g3 is not a guardian of student s1"),
    ] as [(String, String?, Int32, String)])
  func badIDs(student: String, guardian: String?, code: Int32, message: String) throws {
    let paper = try PaperFixture()
    #expect {
      try form(.refusal, paper, student: student, guardian: guardian)
    } throws: { error in
      (error as? PaperDiaryError).map {
        $0.exitCode == code && $0.description.contains(message)
      } ?? false
    }
    #expect(
      !FileManager.default.fileExists(atPath: paper.out.appendingPathComponent("form.pdf").path))
  }

  @Test("--guardian without --student is bad usage (64)")
  func guardianWithoutStudent() throws {
    let paper = try PaperFixture()
    var options = FormsWorkflow.Options(
      kind: .contacts, out: paper.out.appendingPathComponent("x.pdf").path)
    options.guardian = "g1"
    #expect {
      try FormsWorkflow.run(options)
    } throws: { error in
      (error as? PaperDiaryError)?.exitCode == 64
    }
  }

  @Test("a pre-filled form is refused in a folder others can read; a blank one is not")
  func looseFolder() throws {
    let paper = try PaperFixture()
    let loose = paper.out.appendingPathComponent("shared")
    try FileManager.default.createDirectory(
      at: loose, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
    var options = FormsWorkflow.Options(
      kind: .refusal, out: loose.appendingPathComponent("r.pdf").path)
    _ = try FormsWorkflow.run(options)
    options.store = paper.store
    options.student = "s1"
    #expect {
      try FormsWorkflow.run(options)
    } throws: { error in
      (error as? PaperDiaryError).map {
        $0.exitCode == 2 && $0.description.contains("chmod 700")
      } ?? false
    }
  }

  @Test("every form in both templates: one A4 page, no placeholder left, fonts embedded")
  func everyForm() throws {
    let paper = try PaperFixture()
    for template in ["ru", "en"] {
      for kind in FormKind.allCases {
        let result = try form(
          kind, paper, student: "s3", guardian: "g4", template: template,
          name: "\(template)-\(kind.rawValue).pdf")
        #expect(result.pages == 1, "\(template) \(kind) runs over a page")
        let text = PDFText.squeezed(try PDFProbe.text(result.path))
        #expect(!text.contains("{"), "\(template) \(kind) has a placeholder left")
        #expect(text.contains("Смирнов Илья Андреевич"), "\(template) \(kind) lost the student")
        try PDFProbe.expectA4WithEmbeddedFonts(result.path)
      }
    }
  }

  @Test(
    "the command: a form's path on stdout, exit 2 for an unknown student",
    .needsExecutable)
  func command() throws {
    let paper = try PaperFixture()
    let path = paper.out.appendingPathComponent("cli.pdf").path
    let made = try ImportCommandTests.run(["forms", "student-consent", "--out", path])
    #expect(made.status == 0)
    #expect(made.stdout == path + "\n")
    let bad = try ImportCommandTests.run([
      "forms", "refusal", "--store", paper.store, "--student", "nobody", "--out", path,
    ])
    #expect(bad.status == 2)
    #expect(bad.stderr.split(separator: "\n").count == 1)
    let usage = try ImportCommandTests.run(["forms", "refusal", "--student", "s1", "--out", path])
    #expect(usage.status == 64)
  }
}

// MARK: - Support

/// The GradeStore tests' `good` fixture imported into a store in a temporary folder, with an
/// output folder (0700) beside it; everything is removed at the end.
final class PaperFixture {
  let folder: URL
  let set: URL
  let store: String
  let out: URL
  /// 18 November 2026, 11:06:40 UTC: the import's time, and the `recorded_at` of final marks
  /// that give none.
  static let importTime = Date(timeIntervalSince1970: 1_795_000_000)

  init() throws {
    folder = try OutputFolder.makeTemporary(prefix: "paperdiary-paper-test")
    set = folder.appendingPathComponent("set")
    try FileManager.default.copyItem(
      at: ImportCommandTests.packageRoot.appendingPathComponent(
        "Tests/GradeStoreTests/Fixtures/good"), to: set)
    store = folder.appendingPathComponent("store.sqlite").path
    out = folder.appendingPathComponent("out")
    try OutputFolder.ensureFolder(out)
    _ = try StoreWorkflows.initialize(store: store)
    _ = try StoreWorkflows.importSet(
      set.path, store: store, replace: false, operatorName: "test", now: Self.importTime)
  }

  deinit { try? FileManager.default.removeItem(at: folder) }
}

/// What a reader of a PDF sees, through poppler's tools.
enum PDFProbe {
  /// The text as `pdftotext -layout` lays it out.
  static func text(_ path: String) throws -> String {
    let result = try PDFTool.run("pdftotext", ["-layout", "-enc", "UTF-8", path, "-"])
    #expect(result.status == 0)
    return result.output
  }

  /// Every page is A4 and every font is embedded.
  static func expectA4WithEmbeddedFonts(_ path: String) throws {
    let info = try PDFTool.run("pdfinfo", [path])
    #expect(
      info.output.contains("595.276 x 841.89") || info.output.contains("(A4)"), "\(info.output)")
    let fonts = try PDFTool.run("pdffonts", [path])
    let lines = fonts.output.split(separator: "\n")
    let rule = try #require(lines.firstIndex { $0.hasPrefix("---") })
    let rows = lines[(rule + 1)...].map { $0.split(separator: " ") }.filter { $0.count >= 6 }
    #expect(!rows.isEmpty)
    for row in rows {
      #expect(row[row.count - 5] == "yes", "font \(row[0]) is not embedded")
    }
  }

  static func mode(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.posixPermissions] as? Int ?? 0) & 0o777
  }
}
