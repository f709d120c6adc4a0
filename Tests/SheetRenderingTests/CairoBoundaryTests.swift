import Foundation
import Testing

@testable import SheetRendering

/// The Cairo/Pango boundary judged the way a reader would: by the poppler tools and qpdf,
/// never by comparing PDF bytes.
@Suite struct CairoBoundaryTests {
  static let russianLines = [
    "Сводная ведомость успеваемости", "Иванов Пётр Сергеевич", "Алгебра 4,28",
  ]

  @Test func sampleIsAValidA4PageWithEmbeddedFontsAndExtractableText() throws {
    let folder = try TemporaryFolder()
    let path = folder.path + "/sample.pdf"
    try PageProbe.writeSamplePage(to: path, lines: Self.russianLines)

    let text = try run("pdftotext", ["-enc", "UTF-8", path, "-"])
    #expect(text.status == 0)
    for line in Self.russianLines {
      #expect(text.output.contains(line), "pdftotext lost '\(line)': \(text.output)")
    }

    let info = try run("pdfinfo", [path])
    #expect(info.status == 0)
    #expect(info.output.contains("Page size:       595.28 x 841.89 pts (A4)"), "\(info.output)")
    #expect(info.output.contains("Pages:           1"), "\(info.output)")

    let fonts = try fontRows(path)
    #expect(!fonts.isEmpty)
    for font in fonts {
      #expect(font.embedded, "font not embedded: \(font.name)")
    }
    #expect(fonts.contains { $0.name.split(separator: "+").last?.hasPrefix("PT") == true })

    let check = try run("qpdf", ["--check", path])
    #expect(check.status == 0, "\(check.output)")
  }

  @Test func manyLayoutsAreCreatedAndReleased() throws {
    let folder = try TemporaryFolder()
    let surface = try PDFSurface(path: folder.path + "/many.pdf")
    let context = try DrawingContext(surface: surface)
    for index in 0..<200 {
      let font = try FontDescription("PT Serif 9")
      let layout = try TextLayout(context: context)
      layout.setFont(font)
      layout.setWidth(200)
      layout.setAlignment(index.isMultiple(of: 2) ? .left : .right)
      layout.setText("Строка \(index)")
      #expect(layout.size.width > 0 && layout.size.height > 0)
      layout.draw(x: 50, y: 50 + Double(index % 60) * 12)
    }
    try context.check()
    try surface.finish()
  }

  @Test func finishOnAnUnwritablePathNamesThePath() throws {
    let path = "/proc/nope/x.pdf"
    let surface = try PDFSurface(path: path)
    let context = try DrawingContext(surface: surface)
    context.rectangle(x: 10, y: 10, width: 100, height: 20)
    context.stroke()
    let error = #expect(throws: RenderError.self) { try surface.finish() }
    #expect(error?.description.contains(path) == true, "\(String(describing: error))")
  }
}

// MARK: - Helpers

/// A folder under the system temporary directory, removed when the value goes away.
private final class TemporaryFolder {
  let path: String

  init() throws {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("SheetRenderingTests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    path = url.path
  }

  deinit {
    try? FileManager.default.removeItem(atPath: path)
  }
}

/// Runs a tool from /usr/bin and returns its exit status with stdout and stderr together.
private func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/" + tool)
  process.arguments = arguments
  let pipe = Pipe()
  process.standardOutput = pipe
  process.standardError = pipe
  try process.run()
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// One row of `pdffonts`: the name and whether the font is embedded.
private struct FontRow {
  let name: String
  let embedded: Bool
}

/// Reads `pdffonts`; the last five columns are emb, sub, uni and the object number and generation,
/// so they are counted from the end (the type column may contain spaces).
private func fontRows(_ path: String) throws -> [FontRow] {
  let result = try run("pdffonts", [path])
  #expect(result.status == 0, "\(result.output)")
  let lines = result.output.split(separator: "\n").map(String.init)
  guard let rule = lines.firstIndex(where: { $0.hasPrefix("---") }) else { return [] }
  return lines[(rule + 1)...].compactMap { line in
    let columns = line.split(separator: " ")
    guard columns.count >= 6, let name = columns.first else { return nil }
    return FontRow(name: String(name), embedded: columns[columns.count - 5] == "yes")
  }
}
