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

  /// The forecast's thresholds are drawn lowest first. Taken from the scale's dictionary as they
  /// came, they followed the process's hash seed, and the same sheet's PDF bytes changed from
  /// run to run. Nine thresholds: in hash order they would come sorted about once in 360 000.
  @Test func theTrendChartsThresholdsAreDrawnInOrder() throws {
    var sheet = SampleSheets.sheet()
    let marks = Array(1...10)
    sheet.scale = GradingScale(
      marks: marks,
      thresholds: Dictionary(
        uniqueKeysWithValues: marks.dropFirst().map { ($0, Decimal($0) - 0.5) }))
    let document = WeeklySheetLayout(template: try TemplateLocator.load("ru")).document(sheet)
    let charts = Self.charts(in: document.flow + document.bottom)
    #expect(charts.count == 1)
    #expect(charts.first?.thresholds == marks.dropFirst().map { Double($0) - 0.5 })
  }

  static func charts(in blocks: [Block]) -> [TrendChart] {
    blocks.flatMap { block -> [TrendChart] in
      switch block {
      case .chart(let chart): [chart]
      case .columns(let columns, _): charts(in: columns.flatMap(\.blocks))
      case .group(let inner), .framed(let inner, _): charts(in: inner)
      case .window(let address, let beside): charts(in: address + beside)
      case .text, .table, .rule, .space, .image: []
      }
    }
  }
}
