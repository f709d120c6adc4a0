import DiaryRules
import Foundation
import SheetRendering

/// What the template fuzzer does with one input, shared by the libFuzzer entry and the
/// regression tests: the bytes become `template.toml` in a folder and go through
/// `TemplateLoader.load(folder:)`, the way every command that draws reads a template (our TOML
/// reader, then the checks of every table, key, range and placeholder).
///
/// Refusing the file is fine; crashing is not, and neither is a refusal that breaks what
/// Templates/README.md promises: one line naming the file, a line of it and the key.
public enum TemplateFuzzTarget {
  /// How one input went.
  public struct Outcome: Sendable {
    /// The template, when the file was accepted.
    public var template: Template?
    /// Why the file was refused, nil when it was accepted.
    public var error: TemplateError?
    /// Broken promises, each a sentence; the fuzzer stops on the first.
    public var violations: [String] = []
  }

  /// Makes `folder` a place to load inputs in: it exists and holds the `logo.png` the shipped
  /// templates name (the loader only checks that the logo is readable).
  public static func prepare(_ folder: URL) throws {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try Data().write(to: folder.appendingPathComponent("logo.png"))
  }

  /// Writes `bytes` as `template.toml` in `folder` (made ready by `prepare`), loads it and
  /// checks what came out. Throws only when the file cannot be written.
  public static func run(_ bytes: [UInt8], in folder: URL) throws -> Outcome {
    let file = folder.appendingPathComponent("template.toml")
    try Data(bytes).write(to: file)
    let lastLine = bytes.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
    var outcome = Outcome()
    do {
      let template = try TemplateLoader.load(folder: folder)
      outcome.template = template
      use(template)
    } catch {
      outcome.error = error
      let text = error.description
      if text.contains(where: \.isNewline) {
        outcome.violations.append("the error is more than one line: \(text.debugDescription)")
      }
      if error.file != file.path || !(1...lastLine).contains(error.line) {
        outcome.violations.append(
          "the error names \(error.file):\(error.line), not a line of \(file.path) "
            + "(1…\(lastLine)): \(text.debugDescription)")
      }
    }
    return outcome
  }

  /// Fills in every text and writes a date, as drawing a document would.
  static func use(_ template: Template) {
    for key in TextKey.allCases {
      var values: [String: String] = [:]
      for name in key.placeholders { values[name] = "<\(name)>" }
      _ = template.text(key, values)
    }
    if let date = LocalDate(year: 2026, month: 11, day: 23) {
      _ = template.date(date)
      _ = template.shortDate(date)
    }
    for document in ["weekly", "register", "notice", "forms"] {
      _ = template.blocks(of: document)
    }
  }
}
