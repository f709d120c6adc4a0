import DiaryRules
import Foundation
import SheetRendering
import Testing

/// The weekly sheet as a parent reads it: text, pages, fonts and size of real PDFs.
@Suite struct WeeklySheetRenderingTests {
  static func render(_ sheet: WeeklySheet, template name: String = "ru") throws -> RenderedDocument
  {
    let template = try TemplateLocator.load(name)
    let document = WeeklySheetLayout(template: template).document(sheet)
    return try DocumentRenderer(template: template).render(document, name: sheet.issueID)
  }

  @Test func typicalSheetIsOnePage() throws {
    let rendered = try Self.render(SampleSheets.sheet())
    if let folder = ProcessInfo.processInfo.environment["PAPERDIARY_KEEP_PDF"] {
      try Data(rendered.bytes).write(to: URL(fileURLWithPath: folder + "/typical.pdf"))
      try Data(try Self.render(SampleSheets.sheet(subjectCount: 20, maxMarks: 30, seed: 3)).bytes)
        .write(to: URL(fileURLWithPath: folder + "/long.pdf"))
      try Data(try Self.render(SampleSheets.sheet(subjectCount: 20, maxMarks: 90, seed: 3)).bytes)
        .write(to: URL(fileURLWithPath: folder + "/very-long.pdf"))
      try Data(
        try Self.render(SampleSheets.sheet(delivery: .post, replaces: "2026-W48-00003")).bytes
      )
      .write(to: URL(fileURLWithPath: folder + "/post.pdf"))
    }
    #expect(rendered.pages == 1)
  }
}
