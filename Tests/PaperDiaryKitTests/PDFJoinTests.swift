import Foundation
import PDFTestSupport
import SheetRendering
import Testing

@testable import PaperDiaryKit

/// The print-file joiner: what it joins reads like its inputs page after page (text, fonts,
/// `qpdf --check`), strings and stream data that look like references are left alone, and
/// anything it does not understand is refused, never written wrong.
@Suite("PDF join")
struct PDFJoinTests {
  /// Real sheets from the renderer: one page, two pages (both with Russian text), and the
  /// blank padding page.
  struct Inputs {
    let one: [UInt8]
    let two: [UInt8]
    let blank: [UInt8]

    init() throws {
      let renderer = DocumentRenderer(template: try TemplateLocator.load("ru"))
      let style = TextStyle(size: 11)
      one = try renderer.render(
        PageDocument(
          flow: [
            .text("Дневник недели: Иванова Мария, 5А", TextStyle(size: 14, bold: true)),
            .text("Математика — 5, 4; русский язык — 5.", style),
          ], pageLabel: { _, _ in "" }, pageLabelStyle: TextStyle(size: 7)),
        name: "one"
      ).bytes
      let lines = (1...90).map { Block.text("Строка \($0): Петров Пётр, 7Б, отметка 4.", style) }
      let rendered = try renderer.render(
        PageDocument(
          flow: lines, pageLabel: { "стр. \($0) из \($1)" }, pageLabelStyle: TextStyle(size: 7)),
        name: "two")
      try #require(rendered.pages == 2)
      two = rendered.bytes
      blank = try renderer.render(
        PageDocument(flow: [], pageLabel: { _, _ in "" }, pageLabelStyle: TextStyle(size: 7)),
        name: "blank"
      ).bytes
    }
  }

  /// A folder for the tools to read files from, removed when the test ends.
  final class Scratch {
    let url: URL
    init() throws { url = try OutputFolder.makeTemporary(prefix: "paperdiary-join-test") }
    deinit { try? FileManager.default.removeItem(at: url) }

    func write(_ bytes: [UInt8], _ name: String) throws -> URL {
      let file = url.appendingPathComponent(name)
      try Data(bytes).write(to: file)
      return file
    }
  }

  @Test("sheets and blank pages join into one file that reads as they do, page by page")
  func joinsSheetsInOrder() throws {
    let inputs = try Inputs()
    let scratch = try Scratch()
    let documents = [inputs.one, inputs.blank, inputs.two, inputs.one]
    let joined = try scratch.write(try PDFJoin.join(documents), "joined.pdf")

    try Self.expectClean(joined)
    #expect(try PDFReading.pageCount(joined) == 5)
    var expected: [String] = []
    for (index, document) in documents.enumerated() {
      expected += try Self.pageTexts(try scratch.write(document, "input-\(index).pdf"))
    }
    let pages = try Self.pageTexts(joined)
    try #require(pages.count == 5)
    #expect(pages == expected)
    #expect(pages.first?.contains("Иванова Мария") == true)
    #expect(pages[3].contains("стр. 2 из 2"))
    let fonts = try PDFReading.fonts(joined)
    #expect(!fonts.isEmpty)
    let notEmbedded = fonts.filter { !$0.embedded }.map(\.name)
    #expect(notEmbedded.isEmpty)
    #expect(
      try PDFReading.pageSizes(joined).allSatisfy {
        abs($0.width - 595.28) < 1 && abs($0.height - 841.89) < 1
      })
  }

  @Test("one document joins to itself")
  func joinsOne() throws {
    let inputs = try Inputs()
    let scratch = try Scratch()
    let joined = try scratch.write(try PDFJoin.join([inputs.two]), "joined.pdf")
    try Self.expectClean(joined)
    let alone = try Self.pageTexts(try scratch.write(inputs.two, "two.pdf"))
    #expect(try Self.pageTexts(joined) == alone)
  }

  @Test("references inside strings, comments and stream data are copied as they are")
  func leavesLookalikesAlone() throws {
    let scratch = try Scratch()
    let made = Self.handMade()
    let joined = try PDFJoin.join([made, made])
    let file = try scratch.write(joined, "joined.pdf")
    try Self.expectClean(file)
    #expect(try Self.pageTexts(file) == ["Hello 1 0 R (endstream)", "Hello 1 0 R (endstream)"])
    let text = String(decoding: joined, as: UTF8.self)
    // The second copy's page refers to its own renumbered font and contents; the strings in
    // its dictionary are as they were.
    #expect(text.components(separatedBy: Self.note).count == 3)
    #expect(text.components(separatedBy: "<3120302052>").count == 3)
    #expect(text.components(separatedBy: "% 9 0 R").count == 3)
    // Info dictionaries are dropped, catalogs and page tree roots replaced by one each.
    #expect(!text.contains("/Title"))
    #expect(text.components(separatedBy: "/Type /Catalog").count == 2)
    #expect(text.components(separatedBy: "/Type /Pages").count == 2)
  }

  // MARK: - Shared objects

  /// A weekly batch as the renderer draws one class: `count` sheets with the logo, bold, plain
  /// and serif text of `names`, some of two pages, cut into one part per sheet.
  static func classParts(_ names: [String], count: Int) throws -> [[UInt8]] {
    let template = try TemplateLocator.load("ru")
    let renderer = DocumentRenderer(template: template)
    let style = TextStyle(size: 11)
    let label = TextStyle(size: 7)
    let logo = try #require(template.logo)
    let documents = (0..<count).map { index in
      let name = names[index % names.count]
      var flow: [Block] = [
        .image(path: logo, width: 60),
        .text("Дневник недели: \(name)", TextStyle(size: 14, bold: true)),
        .text("История — 3; «география» — 4 (№ \(index)).", TextStyle(.serif, size: 11)),
      ]
      if index % 4 == 0 {
        flow += (1...70).map { .text("Строка \($0): \(name), отметка \($0 % 5 + 1).", style) }
      }
      return PageDocument(flow: flow, pageLabel: { "стр. \($0) из \($1)" }, pageLabelStyle: label)
    }
    let batch = try renderer.render(
      documents, name: "class", createdAt: "2026-03-06T15:30:00+03:00")
    var counts: [Int] = []
    for outcome in batch.documents { counts.append(try outcome.get()) }
    return try PDFSplit.split(batch.bytes, pageCounts: counts)
  }

  @Test("the sheets of one batch share their fonts and logo, and read as they did")
  func sharesOneBatchsObjects() throws {
    let scratch = try Scratch()
    let parts = try Self.classParts(["Иванова Мария, 5А", "Петров Пётр, 5А"], count: 24)
    let bytes = try PDFJoin.join(parts)
    let sum = parts.reduce(0) { $0 + $1.count }
    #expect(bytes.count * 10 < sum * 4, "joined \(bytes.count) of \(sum) bytes")
    let joined = try scratch.write(bytes, "joined.pdf")
    try Self.expectClean(joined)
    var expected: [String] = []
    for (index, part) in parts.enumerated() {
      expected += try Self.pageTexts(try scratch.write(part, "part-\(index).pdf"))
    }
    #expect(try PDFReading.pageCount(joined) == expected.count)
    #expect(try Self.pageTexts(joined) == expected)
    let fonts = try PDFReading.fonts(joined)
    #expect(!fonts.isEmpty)
    #expect(fonts.filter { !$0.embedded }.map(\.name).isEmpty)
    #expect(try PDFJoin.join(parts) == bytes, "the join is not deterministic")
  }

  @Test("fonts of different batches, subsets under the same names, are each kept for their pages")
  func keepsOtherBatchsFonts() throws {
    let scratch = try Scratch()
    let first = try Self.classParts(["Иванова Мария, 5А"], count: 3)
    let second = try Self.classParts(["Quentin Wyatt-Zorn, 9Ж"], count: 3)
    let documents = [first[0], second[0], first[1], second[1], first[2], second[2]]
    let joined = try scratch.write(try PDFJoin.join(documents), "joined.pdf")
    try Self.expectClean(joined)
    var expected: [String] = []
    for (index, document) in documents.enumerated() {
      expected += try Self.pageTexts(try scratch.write(document, "part-\(index).pdf"))
    }
    let pages = try Self.pageTexts(joined)
    #expect(pages == expected)
    #expect(pages.first?.contains("Иванова Мария") == true)
    #expect(pages.contains { $0.contains("Quentin Wyatt-Zorn, 9Ж") })
    #expect(try PDFReading.fonts(joined).allSatisfy(\.embedded))
  }

  @Test("two identical blank pages stay two pages with their own contents")
  func keepsIdenticalPagesApart() throws {
    let inputs = try Inputs()
    let scratch = try Scratch()
    let joined = try scratch.write(
      try PDFJoin.join([inputs.blank, inputs.blank, inputs.blank]), "joined.pdf")
    try Self.expectClean(joined)
    #expect(try PDFReading.pageCount(joined) == 3)
    let shown = try PDFTool.run("qpdf", ["--show-pages", joined.path])
    let lines = shown.output.split(separator: "\n").map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    let pages = lines.filter { $0.hasPrefix("page ") }
    // Each page's content streams are listed under it, one reference a line.
    let contents = lines.filter { $0.hasSuffix(" 0 R") && !$0.hasPrefix("page ") }
    #expect(pages.count == 3 && Set(pages.map { $0.split(separator: ":")[1] }).count == 3)
    #expect(contents.count == 3 && Set(contents).count == 3, "\(shown.output)")
  }

  @Test("objects on a cycle are each document's own, and what refers to them still shared")
  func keepsCyclesApart() throws {
    let scratch = try Scratch()
    let made = Self.handMade(
      page: "/Annots [7 0 R] /Extra 8 0 R ",
      extra: [
        "<< /Type /Annot /Subtype /Text /Rect [0 0 10 10] /Contents (note) /P 3 0 R >>",
        "<< /Next 9 0 R /Font 5 0 R >>", "<< /Next 8 0 R >>",
      ])
    let joined = try PDFJoin.join([made, made])
    let file = try scratch.write(joined, "joined.pdf")
    try Self.expectClean(file)
    #expect(try Self.pageTexts(file) == ["Hello 1 0 R (endstream)", "Hello 1 0 R (endstream)"])
    let text = String(decoding: joined, as: UTF8.self)
    #expect(text.components(separatedBy: "/Type /Annot ").count == 3)
    #expect(text.components(separatedBy: "/Next ").count == 5)
    // The font is shared: one copy for both pages.
    #expect(text.components(separatedBy: "/BaseFont /Helvetica").count == 2)
  }

  /// What each refused input looks like.
  enum Malformed: String, CaseIterable, CustomStringConvertible {
    case empty, garbage, truncated, shiftedOffsets, xrefStream, encrypted, inheritedMediaBox
    case wrongLength, generation, danglingReference, extraCatalogEntry, hugeSize
    var description: String { rawValue }

    /// A phrase of the reason the joiner gives.
    var reason: String {
      switch self {
      case .empty: "header"
      case .garbage: "does not point at an xref table"
      case .truncated: "no startxref"
      case .shiftedOffsets: "where there is no '"
      case .xrefStream: "a cross-reference stream"
      case .encrypted: "encrypted"
      case .inheritedMediaBox: "/MediaBox, which its pages inherit"
      case .wrongLength: "a wrong /Length"
      case .generation: "generation 1"
      case .danglingReference: "object 9, which is not in the xref"
      case .extraCatalogEntry: "/Outlines"
      case .hugeSize: "/Size 999999999999999"
      }
    }

    /// The input, spoiled from a real sheet or a hand-made document.
    func bytes(_ inputs: Inputs, in scratch: Scratch) throws -> [UInt8] {
      switch self {
      case .empty: []
      case .garbage: Array("%PDF-1.5\nthis is not a PDF (at all\nstartxref\n9\n%%EOF".utf8)
      case .truncated: Array(inputs.one.prefix(inputs.one.count / 2))
      case .shiftedOffsets: Array(inputs.one.prefix(9)) + [0x20] + inputs.one.dropFirst(9)
      case .xrefStream: try qpdf(["--object-streams=generate"], inputs.one, in: scratch)
      case .encrypted: try qpdf(["--encrypt", "", "owner", "256", "--"], inputs.one, in: scratch)
      case .inheritedMediaBox: handMade(pageTree: "/MediaBox [0 0 200 200] ")
      case .wrongLength: handMade(length: 60)
      case .generation: handMade(fontReference: "5 1 R")
      case .danglingReference: handMade(fontReference: "9 0 R")
      case .extraCatalogEntry: handMade(catalog: "/Outlines 3 0 R ")
      case .hugeSize: handMade(size: 999_999_999_999_999)
      }
    }
  }

  @Test("inputs it does not understand are refused, not guessed at", arguments: Malformed.allCases)
  func refuses(_ kind: Malformed) throws {
    let inputs = try Inputs()
    let scratch = try Scratch()
    let bytes = try kind.bytes(inputs, in: scratch)
    #expect(throws: PDFJoin.Unsupported.self) { try PDFJoin.join([inputs.one, bytes]) }
    do throws(PDFJoin.Unsupported) {
      _ = try PDFJoin.join([bytes])
      Issue.record("\(kind) was joined")
    } catch {
      #expect(error.reason.hasPrefix("document 1 of 1: "), "\(error)")
      #expect(error.reason.contains(kind.reason), "\(error)")
    }
  }

  // MARK: - A hand-made document

  /// A string in the page dictionary with references, escapes and nested parentheses in it.
  static let note = #"(see 2 0 R \) and (nested 3 0 R) here)"#

  /// A small valid PDF with lookalike references in strings, a comment and stream data, a
  /// direct `/Length`, and `/Info` with strings; parts can be spoiled for the refusal tests,
  /// and `page` entries and `extra` objects (numbered from 7) added.
  static func handMade(
    pageTree: String = "", catalog: String = "", length: Int? = nil,
    fontReference: String = "5 0 R", size: Int? = nil, page: String = "", extra: [String] = []
  ) -> [UInt8] {
    let content = "BT /F1 12 Tf 20 100 Td (Hello 1 0 R \\(endstream\\)) Tj ET"
    let objects =
      [
        "<< /Type /Pages /Kids [3 0 R] /Count 1 \(pageTree)>>",
        "<< /Type /Catalog /Pages 1 0 R \(catalog)>>",
        "<< /Type /Page /Parent 1 0 R /MediaBox [0 0 200 200] /Contents 4 0 R\n"
          + "   /Resources << /Font << /F1 \(fontReference) >> >> % 9 0 R\n"
          + "   /PieceInfo << /PaperDiary << /Note \(note) /Hex <3120302052> >> >> \(page)>>",
        "<< /Length \(length ?? content.utf8.count) >>\nstream\n\(content)\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        "<< /Title (A (title) with 1 0 R and \\\\) /Producer (test) >>",
      ] + extra
    return Array(
      HandMadePDF.text(objects: objects, trailer: "/Root 2 0 R /Info 6 0 R", size: size).utf8)
  }

  // MARK: - Tools

  /// `qpdf --check` passes without a warning.
  static func expectClean(_ url: URL) throws {
    let check = try PDFTool.run("qpdf", ["--check", url.path])
    #expect(check.status == 0, "qpdf --check: \(check.output) \(check.errors)")
    #expect(!(check.output + check.errors).contains("WARNING"), "\(check.output) \(check.errors)")
  }

  /// The text of each page (pdftotext ends every page with a form feed).
  static func pageTexts(_ url: URL) throws -> [String] {
    let result = try PDFTool.run("pdftotext", ["-enc", "UTF-8", url.path, "-"])
    #expect(result.status == 0, "pdftotext \(url.path): \(result.errors)")
    return result.output.components(separatedBy: "\u{0C}").dropLast().map {
      $0.trimmingCharacters(in: .whitespacesAndNewlines)
    }
  }

  /// What qpdf makes of `bytes` with `options`.
  static func qpdf(_ options: [String], _ bytes: [UInt8], in scratch: Scratch) throws -> [UInt8] {
    let input = try scratch.write(bytes, "qpdf-input.pdf")
    let output = scratch.url.appendingPathComponent("qpdf-output.pdf")
    let run = try PDFTool.run("qpdf", options + [input.path, output.path])
    try #require(run.status == 0, "qpdf \(options): \(run.errors)")
    return Array(try Data(contentsOf: output))
  }
}
