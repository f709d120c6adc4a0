import Foundation
import FuzzTemplate
import PDFTestSupport
import SheetRendering
import Testing

/// Replays what `make fuzz` kept for the template loader (Tests/FuzzRegressions/template, and
/// the crash artifacts under crashes/template) through the fuzzer's own code: every input is
/// loaded or refused with a `TemplateError` of one line that names a line of the file, and none
/// crashes.
@Suite struct TemplateFuzzRegressionTests {
  /// Loads `bytes` as a template in a folder of its own, removed afterwards.
  func run(_ bytes: [UInt8]) throws -> TemplateFuzzTarget.Outcome {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("paperdiary-test-\(UUID().uuidString)")
    try TemplateFuzzTarget.prepare(folder)
    defer { try? FileManager.default.removeItem(at: folder) }
    return try TemplateFuzzTarget.run(bytes, in: folder)
  }

  @Test func inputsAreKept() {
    #expect(
      FuzzRegressionInputs.paths("template").count > 10,
      "no kept inputs under \(FuzzRegressionInputs.folder.path)/template")
  }

  @Test(arguments: FuzzRegressionInputs.paths("template")) func keptInput(_ path: String) throws {
    let bytes = try FuzzRegressionInputs.bytes(path)
    let outcome = try run(bytes)
    #expect(outcome.violations == [], "\(path)")
  }

  // MARK: - What the fuzzer found

  /// A quoted TOML key may hold a line break; the error that names it must still be one line.
  @Test func keyWithALineBreakIsShownOnOneLine() throws {
    let shipped = URL(fileURLWithPath: #filePath)
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Templates/en/template.toml")
    let text = try String(contentsOf: shipped, encoding: .utf8)
      .replacingOccurrences(of: "[fonts]\n", with: "[fonts]\n\"x\\ny\" = 1\n")
    let outcome = try run(Array(text.utf8))
    #expect(outcome.violations == [])
    let message = ": fonts.x?y: is not a key of [fonts]; check its spelling"
    #expect(outcome.error?.description.hasSuffix(message) == true)
  }
}
