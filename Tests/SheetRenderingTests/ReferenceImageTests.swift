import DiaryRules
import Foundation
import PDFTestSupport
import SheetRendering
import Testing

/// The weekly sheet as it looks and as a reader finds things on it (DESIGN §4, R7): page 1 of
/// the fixed typical sheet compared with a reference image, the address of a `post` sheet in
/// the envelope window, and a long sheet broken over two pages.
///
/// The reference is `Fixtures/typical-sheet.pgm`: page 1 of `SampleSheets.sheet()` rasterised
/// by `pdftoppm -gray -r 50` (a binary PGM, 414 × 585). After a deliberate change to the sheet's
/// look, look at the new page, then re-record the reference with
/// `PAPERDIARY_RECORD_REFERENCE=1 swift test --filter ReferenceImageTests` and commit it; the
/// test then writes the image instead of comparing.
@Suite struct ReferenceImageTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures")
  static let reference = fixtures.appendingPathComponent("typical-sheet.pgm")

  /// Mean absolute difference per pixel, in gray levels of 255, that still counts as the same
  /// picture (antialiasing and hinting differ a little between FreeType and poppler versions).
  static let meanTolerance = 1.5
  /// The share of pixels that may differ by more than 64 levels: a moved word or a changed
  /// mark changes far more.
  static let farTolerance = 0.01

  // MARK: - The reference image

  @Test func typicalSheetLooksLikeTheReference() throws {
    let scratch = try Scratch()
    let pdf = try scratch.write(try Self.render(SampleSheets.sheet()), as: "typical.pdf")
    let image = try GrayImage.rasterise(pdf, page: 1, dpi: 50, in: scratch.url)
    if ProcessInfo.processInfo.environment["PAPERDIARY_RECORD_REFERENCE"] == "1" {
      try FileManager.default.createDirectory(at: Self.fixtures, withIntermediateDirectories: true)
      try image.pgm.write(to: Self.reference)
      return
    }
    let reference = try GrayImage(pgm: Data(contentsOf: Self.reference))
    try #require(
      image.width == reference.width && image.height == reference.height,
      "page 1 is \(image.width)×\(image.height), the reference \(reference.width)×\(reference.height)"
    )
    let difference = image.difference(from: reference)
    let report = """
      mean difference \(difference.mean) levels, \(difference.farShare * 100) % of pixels off \
      by more than 64; look at the page, and re-record with PAPERDIARY_RECORD_REFERENCE=1 if the \
      change is meant
      """
    #expect(difference.mean < Self.meanTolerance, "\(report)")
    #expect(difference.farShare < Self.farTolerance, "\(report)")
  }

  // MARK: - Post

  /// R7: on a `post` sheet the guardian's name and address, and nothing else, stand in the
  /// window of the envelope (20/45 mm from the top left, 85 × 40 mm); there is no receipt slip.
  /// A reissue's banner above the address must not push it out of the window.
  @Test(arguments: [nil, "2026-W48-00003"])
  func postSheetPutsTheAddressInTheWindow(replaces: String?) throws {
    let sheet = SampleSheets.sheet(delivery: .post, replaces: replaces)
    let scratch = try Scratch()
    let pdf = try scratch.write(try Self.render(sheet), as: "post.pdf")
    let points = 72 / 25.4
    let window = (x: 20 * points, y: 45 * points, width: 85 * points, height: 40 * points)
    let inside = try PDFTool.run(
      "pdftotext",
      [
        "-layout", "-enc", "UTF-8", "-f", "1", "-l", "1", "-r", "72",
        "-x", String(Int(window.x.rounded(.down))), "-y", String(Int(window.y.rounded(.down))),
        "-W", String(Int(window.width.rounded(.up)) + 1),
        "-H", String(Int(window.height.rounded(.up)) + 1), pdf.path, "-",
      ])
    let address = try #require(sheet.address)
    #expect(
      PDFText.squeezed(inside.output) == PDFText.squeezed(sheet.guardian.full + "\n" + address),
      "the window shows «\(PDFText.squeezed(inside.output))»")

    let page = PDFText.squeezed(
      try PDFTool.run("pdftotext", ["-layout", "-enc", "UTF-8", pdf.path, "-"]).output)
    #expect(!page.contains("линия отреза"), "a post sheet has no receipt slip")
    #expect(!page.contains("получил(а)"), "a post sheet has no receipt slip")
    #expect(page.contains("Направлено почтой"))
  }

  // MARK: - A long sheet

  /// §4: a sheet that does not fit runs to two pages. Every subject's row appears once, in
  /// order, down the subject column; where the table goes on to page 2, page 2 repeats its
  /// header. (20 subjects with up to 30 marks: the table fits page 1 and the rest goes over;
  /// with up to 90 marks the table itself breaks.)
  @Test(arguments: [30, 90])
  func longSheetRunsToTwoPagesWithEverySubjectOnce(maxMarks: Int) throws {
    let sheet = SampleSheets.sheet(subjectCount: 20, maxMarks: maxMarks, seed: 3)
    let rendered = try Self.render(sheet)
    #expect(rendered.pages >= 2)
    let scratch = try Scratch()
    let pdf = try scratch.write(rendered, as: "long.pdf")
    let info = try PDFTool.run("pdfinfo", [pdf.path])
    #expect(info.output.contains("Pages:           \(rendered.pages)"), "\(info.output)")

    let boxes = try PDFTool.run("pdftotext", ["-bbox", "-enc", "UTF-8", pdf.path, "-"])
    let rows = SubjectColumn(bbox: boxes.output).read(sheet.subjects.map(\.name))
    #expect(rows.problems.isEmpty, "\(rows.problems)")
    #expect(rows.pages.count == sheet.subjects.count)

    let continues = rows.pages.contains(2)
    #expect(continues == (maxMarks > 30), "the table should \(continues ? "not " : "")go on")
    for page in Set(rows.pages) where page > 1 {
      let text = try PDFTool.run(
        "pdftotext", ["-layout", "-enc", "UTF-8", "-f", "\(page)", "-l", "\(page)", pdf.path, "-"])
      for label in ["Предмет", "Отметки за период", "Новые", "Что нужно", "Пропуски"] {
        #expect(PDFText.squeezed(text.output).contains(label), "page \(page) repeats no «\(label)»")
      }
    }
  }

  // MARK: - Helpers

  static func render(_ sheet: WeeklySheet) throws -> RenderedDocument {
    let template = try TemplateLocator.load("ru")
    let document = WeeklySheetLayout(template: template).document(sheet)
    return try DocumentRenderer(template: template).render(document, name: sheet.issueID)
  }
}

/// A gray picture of a page: 8-bit samples, row by row.
struct GrayImage {
  let width: Int
  let height: Int
  let pixels: [UInt8]

  /// Page `page` of `pdf` as `pdftoppm -gray` draws it at `dpi`.
  static func rasterise(_ pdf: URL, page: Int, dpi: Int, in folder: URL) throws -> GrayImage {
    let root = folder.appendingPathComponent("page")
    let result = try PDFTool.run(
      "pdftoppm",
      [
        "-gray", "-r", String(dpi), "-f", String(page), "-l", String(page), "-singlefile", pdf.path,
        root.path,
      ])
    try #require(result.status == 0, "pdftoppm: \(result.output)")
    return try GrayImage(pgm: Data(contentsOf: root.appendingPathExtension("pgm")))
  }

  /// Reads a binary PGM (`P5`, maximum 255).
  init(pgm data: Data) throws {
    let bytes = [UInt8](data)
    var fields: [String] = []
    var index = 0
    while fields.count < 4, index < bytes.count {
      while index < bytes.count, bytes[index] == UInt8(ascii: "#") {
        while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
        index += 1
      }
      var field = ""
      while index < bytes.count, !Self.isSpace(bytes[index]) {
        field.unicodeScalars.append(Unicode.Scalar(bytes[index]))
        index += 1
      }
      if !field.isEmpty { fields.append(field) }
      index += 1
    }
    guard fields.count == 4, fields[0] == "P5", let width = Int(fields[1]),
      let height = Int(fields[2]), fields[3] == "255", bytes.count - index == width * height
    else {
      throw ImageError("not an 8-bit binary PGM: header \(fields), \(bytes.count) bytes")
    }
    self.width = width
    self.height = height
    pixels = Array(bytes[index...])
  }

  var pgm: Data { Data("P5\n\(width) \(height)\n255\n".utf8) + Data(pixels) }

  /// The mean absolute difference per pixel and the share of pixels more than 64 levels off.
  func difference(from other: GrayImage) -> (mean: Double, farShare: Double) {
    var total = 0
    var far = 0
    for (a, b) in zip(pixels, other.pixels) {
      let delta = abs(Int(a) - Int(b))
      total += delta
      if delta > 64 { far += 1 }
    }
    let count = Double(max(pixels.count, 1))
    return (Double(total) / count, Double(far) / count)
  }

  private static func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
  }
}

struct ImageError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}

/// The weekly table's subject column as a reader goes down it: the words left of the marks
/// column, below the header row, on every page that has the header.
struct SubjectColumn {
  typealias Word = PDFWord

  let pages: [[Word]]

  /// Words of `pdftotext -bbox` output, page by page.
  init(bbox: String) {
    pages = PDFText.words(bbox: bbox)
  }

  /// Matches `names` in order against the column's lines (a name may wrap over several). For
  /// each name found, the page (1-based) its row starts on; `problems` says where it went wrong,
  /// including a name read a second time right after the last.
  func read(_ names: [String]) -> (pages: [Int], problems: [String]) {
    var lines: [(page: Int, text: String)] = []
    for (number, words) in pages.enumerated() {
      guard let header = words.first(where: { $0.text == "Предмет" }),
        let marks = words.first(where: {
          $0.text == "Отметки" && abs($0.y0 - header.y0) < 2 && $0.x0 > header.x1
        })
      else { continue }
      let column = words.filter { $0.y0 > header.y0 + 2 && $0.x1 < marks.x0 - 0.5 }
      var grouped: [(y: Double, words: [Word])] = []
      for word in column.sorted(by: { ($0.y0, $0.x0) < ($1.y0, $1.x0) }) {
        if let last = grouped.last, abs(word.y0 - last.y) < 2 {
          grouped[grouped.count - 1].words.append(word)
        } else {
          grouped.append((word.y0, [word]))
        }
      }
      lines += grouped.map { (number + 1, $0.words.map(\.text).joined(separator: " ")) }
    }
    var found: [Int] = []
    var problems: [String] = []
    var index = 0
    for name in names {
      guard index < lines.count else {
        problems.append("«\(name)» is not in the subject column")
        break
      }
      let page = lines[index].page
      var read = lines[index].text
      index += 1
      while read != name, name.hasPrefix(read + " "), index < lines.count {
        read += " " + lines[index].text
        index += 1
      }
      guard read == name else {
        problems.append("expected «\(name)», the subject column reads «\(read)»")
        break
      }
      found.append(page)
    }
    if index < lines.count, let next = names.first(where: { lines[index].text.hasPrefix($0) }) {
      problems.append("«\(next)» appears again after the last row")
    }
    return (found, problems)
  }
}

/// A folder in the system's temporary directory, removed when the value goes away.
private final class Scratch {
  let url: URL

  init() throws {
    url = FileManager.default.temporaryDirectory
      .appendingPathComponent("ReferenceImageTests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  func write(_ document: RenderedDocument, as name: String) throws -> URL {
    let file = url.appendingPathComponent(name)
    try Data(document.bytes).write(to: file)
    return file
  }

  deinit { try? FileManager.default.removeItem(at: url) }
}
