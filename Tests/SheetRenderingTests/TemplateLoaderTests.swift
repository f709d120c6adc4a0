import Foundation
import SheetRendering
import Testing

/// A secretary's mistake in `template.toml` is one line naming the file, the line and the key.
@Suite struct TemplateLoaderTests {
  /// A copy of the shipped Russian template in a temporary folder, edited by `change`.
  static func broken(_ change: (String) -> String) throws -> (URL, TemplateError?) {
    let source = try TemplateLocator.folder(for: "ru")
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "paperdiary-template-\(UUID().uuidString)")
    try FileManager.default.copyItem(at: source, to: folder)
    let file = folder.appendingPathComponent("template.toml")
    let text = try String(contentsOf: file, encoding: .utf8)
    try change(text).write(to: file, atomically: true, encoding: .utf8)
    do {
      _ = try TemplateLoader.load(folder: folder)
      return (folder, nil)
    } catch {
      return (folder, error)
    }
  }

  static func line(of needle: String, in folder: URL) throws -> Int {
    let text = try String(
      contentsOf: folder.appendingPathComponent("template.toml"), encoding: .utf8)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    return (lines.firstIndex { $0.contains(needle) } ?? -1) + 1
  }

  @Test(arguments: ["ru", "en"])
  func shippedTemplatesLoad(name: String) throws {
    let template = try TemplateLocator.load(name)
    #expect(template.language == name)
    #expect(!template.text(.weeklyTitle).isEmpty)
    #expect(template.fonts.small >= 7)
    #expect(template.fonts.marks >= 8)
  }

  @Test func anUnknownPlaceholderNamesItsLineAndTheChoices() throws {
    let (folder, error) = try Self.broken {
      $0.replacingOccurrences(of: "до «{next}»: {count}", with: "до «{nxt}»: {count}")
    }
    defer { try? FileManager.default.removeItem(at: folder) }
    let found = try #require(error)
    #expect(found.line == (try Self.line(of: "{nxt}", in: folder)))
    #expect(found.key == "weekly.needs_next")
    #expect(found.description.contains("unknown placeholder {nxt}"))
    #expect(found.description.contains("{next}"))
    #expect(found.description.hasPrefix(folder.appendingPathComponent("template.toml").path + ":"))
  }

  @Test func aMissingTextIsNamed() throws {
    let (folder, error) = try Self.broken {
      $0.split(separator: "\n", omittingEmptySubsequences: false)
        .filter { !$0.hasPrefix("cadence = ") }.joined(separator: "\n")
    }
    defer { try? FileManager.default.removeItem(at: folder) }
    let found = try #require(error)
    #expect(found.key == "weekly.cadence")
    #expect(found.description.contains("missing"))
  }

  @Test func aMisspeltKeyIsRefusedAtItsLine() throws {
    let (folder, error) = try Self.broken {
      $0.replacingOccurrences(of: "legend = ", with: "legnd = ")
    }
    defer { try? FileManager.default.removeItem(at: folder) }
    let found = try #require(error)
    #expect(found.key == "weekly.legnd" || found.key == "weekly.legend")
    #expect(found.line > 1)
  }

  @Test func aSyntaxErrorNamesItsLine() throws {
    let (folder, error) = try Self.broken {
      $0.replacingOccurrences(of: "title = \"Лист", with: "title = Лист")
    }
    defer { try? FileManager.default.removeItem(at: folder) }
    let found = try #require(error)
    #expect(found.line == (try Self.line(of: "title = Лист", in: folder)))
  }

  @Test(
    "a logo that is not a PNG file beside the template is refused at its line",
    arguments: ["..", ".", "template.toml", "missing.png"])
  func aLogoThatIsNoPNGIsRefused(name: String) throws {
    let (folder, error) = try Self.broken {
      $0.replacingOccurrences(of: "logo = \"logo.png\"", with: "logo = \"\(name)\"")
    }
    defer { try? FileManager.default.removeItem(at: folder) }
    let found = try #require(error)
    #expect(found.key == "page.logo")
    #expect(found.description.contains("is not a readable PNG file"))
    #expect(found.line == (try Self.line(of: "logo = ", in: folder)))
  }

  @Test func tooSmallATextSizeIsRefused() throws {
    let (folder, error) = try Self.broken {
      $0.replacingOccurrences(of: "small = 7.5", with: "small = 6")
    }
    defer { try? FileManager.default.removeItem(at: folder) }
    let found = try #require(error)
    #expect(found.key == "fonts.small")
    #expect(found.description.contains("outside 7"))
  }

  @Test func anUnknownBlockListsTheBlocks() throws {
    let (folder, error) = try Self.broken {
      $0.replacingOccurrences(of: "\"legend_and_trend\"", with: "\"chart\"")
    }
    defer { try? FileManager.default.removeItem(at: folder) }
    let found = try #require(error)
    #expect(found.key == "blocks.weekly")
    #expect(found.description.contains("'chart' is not a block"))
  }

  @Test func anUnknownTemplateNameSaysWhatShips() throws {
    #expect {
      try TemplateLocator.load("fr")
    } throws: { error in
      String(describing: error).contains("ru") && String(describing: error).contains("en")
    }
  }
}
