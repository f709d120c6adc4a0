import Foundation
import PDFTestSupport
import SheetRendering
import Testing

@testable import PaperDiaryKit

/// The batch cutter: each part of a batch PDF reads like its document drawn alone (text, page
/// count and size, embedded fonts, `qpdf --check`), shows no other document's text, keeps the
/// batch's document information, and anything it does not understand is refused.
@Suite("PDF split")
struct PDFSplitTests {
  /// Three documents drawn into one PDF as the weekly batch does, and each drawn alone; each
  /// names one student and no other.
  struct Batch {
    static let createdAt = "2026-03-06T15:30:00+03:00"
    static let students = ["Иванова Мария", "Петров Пётр", "Сидоров Илья"]

    let bytes: [UInt8]
    let pageCounts: [Int]
    let alone: [[UInt8]]

    init() throws {
      let renderer = DocumentRenderer(template: try TemplateLocator.load("ru"))
      let style = TextStyle(size: 11)
      let label = TextStyle(size: 7)
      let documents = [
        PageDocument(
          flow: [
            .text("Дневник недели: \(Self.students[0]), 5А", TextStyle(size: 14, bold: true)),
            .text("Математика — 5, 4; русский язык — 5.", style),
          ], pageLabel: { _, _ in "" }, pageLabelStyle: label),
        PageDocument(
          flow: (1...90).map { .text("Строка \($0): \(Self.students[1]), 7Б, отметка 4.", style) },
          pageLabel: { "стр. \($0) из \($1)" }, pageLabelStyle: label),
        PageDocument(
          flow: [
            .text("Дневник недели: \(Self.students[2]), 6В", TextStyle(size: 14, bold: true)),
            .text("История — 3; «география» — 4 (№ 12).", TextStyle(.serif, size: 11)),
          ], pageLabel: { _, _ in "стр. 1" }, pageLabelStyle: label),
      ]
      let batch = try renderer.render(documents, name: "batch", createdAt: Self.createdAt)
      var counts: [Int] = []
      for outcome in batch.documents { counts.append(try outcome.get()) }
      try #require(counts == [1, 2, 1])
      bytes = batch.bytes
      pageCounts = counts
      alone = try documents.enumerated().map { index, document in
        try renderer.render(document, name: "alone-\(index)", createdAt: Self.createdAt).bytes
      }
    }
  }

  typealias Scratch = PDFJoinTests.Scratch

  @Test("each part reads as its document drawn alone, and shows no other document's text")
  func partsReadAsTheirDocuments() throws {
    let batch = try Batch()
    let scratch = try Scratch()
    let parts = try PDFSplit.split(batch.bytes, pageCounts: batch.pageCounts)
    try #require(parts.count == 3)
    for (index, part) in parts.enumerated() {
      let file = try scratch.write(part, "part-\(index).pdf")
      try PDFJoinTests.expectClean(file)
      #expect(try PDFReading.pageCount(file) == batch.pageCounts[index])
      let alone = try scratch.write(batch.alone[index], "alone-\(index).pdf")
      let text = try PDFJoinTests.pageTexts(file)
      #expect(text == (try PDFJoinTests.pageTexts(alone)), "part \(index + 1)")
      let shown = text.joined(separator: "\n")
      #expect(shown.contains(Batch.students[index]))
      for (other, student) in Batch.students.enumerated() where other != index {
        #expect(!shown.contains(student), "part \(index + 1) shows \(student)")
      }
      let fonts = try PDFReading.fonts(file)
      #expect(!fonts.isEmpty)
      #expect(fonts.filter { !$0.embedded }.map(\.name).isEmpty, "part \(index + 1)")
      let sizes = try PDFReading.pageSizes(file)
      #expect(sizes.count == batch.pageCounts[index])
      #expect(sizes.allSatisfy { abs($0.width - 595.28) < 1 && abs($0.height - 841.89) < 1 })
    }
  }

  @Test("each part carries the batch's producer and creation date")
  func partsKeepTheDocumentInformation() throws {
    let batch = try Batch()
    let scratch = try Scratch()
    let source = try Self.information(try scratch.write(batch.bytes, "batch.pdf"))
    #expect(source["Producer"]?.isEmpty == false)
    #expect(source["CreationDate"]?.isEmpty == false)
    for (index, part) in try PDFSplit.split(batch.bytes, pageCounts: batch.pageCounts)
      .enumerated()
    {
      let info = try Self.information(try scratch.write(part, "part-\(index).pdf"))
      #expect(info["Producer"] == source["Producer"], "part \(index + 1)")
      #expect(info["CreationDate"] == source["CreationDate"], "part \(index + 1)")
    }
  }

  @Test("a split, joined and split again, reads as the first split")
  func roundTrips() throws {
    let batch = try Batch()
    let scratch = try Scratch()
    let parts = try PDFSplit.split(batch.bytes, pageCounts: batch.pageCounts)
    let joined = try PDFJoin.join(parts)
    let joinedFile = try scratch.write(joined, "joined.pdf")
    try PDFJoinTests.expectClean(joinedFile)
    #expect(
      try PDFJoinTests.pageTexts(joinedFile)
        == (try PDFJoinTests.pageTexts(try scratch.write(batch.bytes, "batch.pdf"))))
    let again = try PDFSplit.split(joined, pageCounts: batch.pageCounts)
    try #require(again.count == parts.count)
    for (index, (first, second)) in zip(parts, again).enumerated() {
      let second = try scratch.write(second, "again-\(index).pdf")
      try PDFJoinTests.expectClean(second)
      #expect(
        try PDFJoinTests.pageTexts(second)
          == (try PDFJoinTests.pageTexts(try scratch.write(first, "first-\(index).pdf"))))
    }
  }

  @Test("one part of every page is the whole document")
  func splitsIntoOne() throws {
    let batch = try Batch()
    let scratch = try Scratch()
    let parts = try PDFSplit.split(batch.bytes, pageCounts: [4])
    try #require(parts.count == 1)
    let part = try scratch.write(parts[0], "part.pdf")
    try PDFJoinTests.expectClean(part)
    #expect(
      try PDFJoinTests.pageTexts(part)
        == (try PDFJoinTests.pageTexts(try scratch.write(batch.bytes, "batch.pdf"))))
  }

  @Test(
    "page counts that do not cut the pages into documents are refused",
    arguments: [[], [1, 2], [1, 2, 2], [1, 3, 1], [0, 1, 2, 1], [-1, 3, 2], [5]])
  func refusesWrongPageCounts(_ counts: [Int]) throws {
    let batch = try Batch()
    do throws(PDFSplit.Unsupported) {
      _ = try PDFSplit.split(batch.bytes, pageCounts: counts)
      Issue.record("split into \(counts)")
    } catch {
      #expect(error.description.contains("4 pages"), "\(error)")
    }
  }

  @Test(
    "inputs the joiner refuses are refused by the split too",
    arguments: PDFJoinTests.Malformed.allCases)
  func refuses(_ kind: PDFJoinTests.Malformed) throws {
    let inputs = try PDFJoinTests.Inputs()
    let scratch = try Scratch()
    let bytes = try kind.bytes(inputs, in: scratch)
    do throws(PDFSplit.Unsupported) {
      _ = try PDFSplit.split(bytes, pageCounts: [1])
      Issue.record("\(kind) was split")
    } catch {
      #expect(error.description.contains(kind.reason), "\(error)")
    }
  }

  @Test("references inside strings, comments and stream data are copied as they are")
  func leavesLookalikesAlone() throws {
    let scratch = try Scratch()
    let parts = try PDFSplit.split(PDFJoinTests.handMade(), pageCounts: [1])
    try #require(parts.count == 1)
    let file = try scratch.write(parts[0], "part.pdf")
    try PDFJoinTests.expectClean(file)
    #expect(try PDFJoinTests.pageTexts(file) == ["Hello 1 0 R (endstream)"])
    let text = String(decoding: parts[0], as: UTF8.self)
    #expect(text.contains(PDFJoinTests.note))
    #expect(text.contains("<3120302052>"))
    #expect(text.contains("% 9 0 R"))
    #expect(text.contains("/Title (A (title) with 1 0 R and \\\\)"))
  }

  @Test("a page that reaches another document's page is refused, not split into a broken part")
  func refusesPagesThatReachOtherDocuments() throws {
    let linked = Self.twoPages(annotation: "/Annots [ << /Subtype /Link /Dest [ 4 0 R /Fit ] >> ]")
    #expect(throws: PDFSplit.Unsupported.self) {
      try PDFSplit.split(linked, pageCounts: [1, 1])
    }
    let scratch = try Scratch()
    let parts = try PDFSplit.split(Self.twoPages(annotation: ""), pageCounts: [1, 1])
    for (index, part) in parts.enumerated() {
      let file = try scratch.write(part, "part-\(index).pdf")
      try PDFJoinTests.expectClean(file)
      #expect(try PDFJoinTests.pageTexts(file) == ["Page \(index + 1)"])
    }
    // Together the parts are the document again.
    #expect(try PDFSplit.split(Self.twoPages(annotation: ""), pageCounts: [2]).count == 1)
  }

  // MARK: - Helpers

  /// The document information `pdfinfo` reads, by key.
  static func information(_ url: URL) throws -> [String: String] {
    let result = try PDFTool.run("pdfinfo", ["-isodates", url.path])
    #expect(result.status == 0, "pdfinfo \(url.path): \(result.errors)")
    var entries: [String: String] = [:]
    for line in result.output.split(separator: "\n") {
      guard let colon = line.firstIndex(of: ":") else { continue }
      entries[String(line[..<colon])] = line[line.index(after: colon)...]
        .trimmingCharacters(in: .whitespaces)
    }
    return entries
  }

  /// A two-page document sharing one font, the first page carrying `annotation`.
  static func twoPages(annotation: String) -> [UInt8] {
    func content(_ page: Int) -> String { "BT /F1 12 Tf 20 100 Td (Page \(page)) Tj ET" }
    let objects = [
      "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
      "<< /Type /Catalog /Pages 1 0 R >>",
      "<< /Type /Page /Parent 1 0 R /MediaBox [0 0 200 200] /Contents 5 0 R\n"
        + "   /Resources << /Font << /F1 7 0 R >> >> \(annotation) >>",
      "<< /Type /Page /Parent 1 0 R /MediaBox [0 0 200 200] /Contents 6 0 R\n"
        + "   /Resources << /Font << /F1 7 0 R >> >> >>",
      "<< /Length \(content(1).utf8.count) >>\nstream\n\(content(1))\nendstream",
      "<< /Length 8 0 R >>\nstream\n\(content(2))\nendstream",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
      "\(content(2).utf8.count)",
    ]
    return Array(HandMadePDF.text(objects: objects, trailer: "/Root 2 0 R").utf8)
  }
}
