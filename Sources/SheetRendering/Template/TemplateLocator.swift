import Foundation
import SheetTemplates

/// Turns `--template NAME|DIR` (or `school.toml`'s `template`) into a template folder: a name
/// shipped with the program (`ru`, `en`) is that template; a value with a `/` or naming another
/// existing folder is a path.
public enum TemplateLocator {
  /// The default when neither the command line nor `school.toml` names one.
  public static let defaultName = "ru"

  /// Resolves and loads the template; every failure is a `TemplateError` naming what was asked.
  public static func load(_ choice: String?) throws(TemplateError) -> Template {
    try TemplateLoader.load(folder: try folder(for: choice ?? defaultName))
  }

  /// The folder `choice` names.
  public static func folder(for choice: String) throws(TemplateError) -> URL {
    var isFolder: ObjCBool = false
    // A shipped name wins over a folder of that name in the current directory; `./en` is the
    // way to name such a folder.
    if choice.contains("/")
      || (!bundledNames.contains(choice)
        && FileManager.default.fileExists(atPath: choice, isDirectory: &isFolder))
    {
      let url = URL(fileURLWithPath: choice).standardizedFileURL
      guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder),
        isFolder.boolValue
      else {
        throw TemplateError(
          file: choice, line: 1, key: nil,
          message: "is not a template folder; give a folder holding template.toml or one of "
            + bundledNames.joined(separator: ", "))
      }
      return url
    }
    guard let base = BundledTemplates.folder,
      FileManager.default.fileExists(
        atPath: base.appendingPathComponent(choice).appendingPathComponent("template.toml").path)
    else {
      throw TemplateError(
        file: choice, line: 1, key: nil,
        message: "is not a template shipped with PaperDiary ("
          + bundledNames.joined(separator: ", ") + "); give a folder with a template.toml instead")
    }
    return base.appendingPathComponent(choice)
  }

  /// The names of the templates that ship with the program.
  public static var bundledNames: [String] {
    guard let base = BundledTemplates.folder,
      let names = try? FileManager.default.contentsOfDirectory(atPath: base.path)
    else { return [] }
    return names.filter {
      FileManager.default.fileExists(
        atPath: base.appendingPathComponent($0).appendingPathComponent("template.toml").path)
    }.sorted()
  }
}
