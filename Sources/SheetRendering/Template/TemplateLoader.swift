import Foundation
import PlainTOML

/// Reads `template.toml` from a template folder and checks all of it before anything is drawn,
/// so a secretary's typo is one clear line (`template.toml:12: weekly.title: …`) instead of a
/// half-printed batch.
public enum TemplateLoader {
  /// The blocks each document knows, by the name `[blocks]` uses for it.
  static let knownBlocks: [String: Set<String>] = [
    "weekly": [
      "header", "reissue", "recipient", "consent", "table", "legend", "trend", "legend_and_trend",
      "finals",
      "comments", "signature", "footer", "slip",
    ],
    "register": ["header", "table", "total", "signature", "footer"],
    "notice": [
      "header", "recipient", "intro", "finals", "exams", "law", "signature", "footer", "slip",
    ],
    "forms": [
      "head", "title", "body", "passport", "informed", "delivery", "contacts", "source", "note",
      "signature", "teacher", "office", "footer",
    ],
  ]

  /// Loads the template in `folder` (which holds `template.toml` and, optionally, a logo).
  public static func load(folder: URL) throws(TemplateError) -> Template {
    let fileURL = folder.appendingPathComponent("template.toml")
    let file = fileURL.path
    let text: String
    do {
      let data = try Data(contentsOf: fileURL)
      guard let decoded = String(data: data, encoding: .utf8) else {
        throw TemplateError(file: file, line: 1, key: nil, message: "is not UTF-8 text")
      }
      text = decoded
    } catch let error as TemplateError {
      throw error
    } catch {
      throw TemplateError(
        file: file, line: 1, key: nil,
        message: "cannot be read (\(error.localizedDescription)); check the template folder")
    }
    let root: TOMLTable
    do {
      root = try TOMLDocument.parse(text)
    } catch {
      throw TemplateError(file: file, line: error.line, key: nil, message: error.message)
    }
    return try TemplateReader(file: file, folder: folder, root: root).template()
  }
}

/// One pass over a parsed `template.toml`, with the file name for every message.
private struct TemplateReader {
  let file: String
  let folder: URL
  let root: TOMLTable

  static let millimetre = 72.0 / 25.4

  func template() throws(TemplateError) -> Template {
    let settings = try table("template")
    let fonts = try table("fonts")
    let page = try table("page")
    let post = try table("post")
    let blocks = try table("blocks")
    try refuseUnknownTables()

    let fallback = try string(fonts, "fonts", "fallback")
    let fontSet = Template.Fonts(
      sans: try string(fonts, "fonts", "sans") + ", " + fallback,
      serif: try string(fonts, "fonts", "serif") + ", " + fallback,
      narrow: try string(fonts, "fonts", "narrow") + ", " + fallback,
      body: try number(fonts, "fonts", "body", in: 7...14),
      small: try number(fonts, "fonts", "small", in: 7...12),
      marks: try number(fonts, "fonts", "marks", in: 8...14),
      heading: try number(fonts, "fonts", "heading", in: 7...20),
      title: try number(fonts, "fonts", "title", in: 7...24))
    try refuseUnknownKeys(
      fonts, "fonts",
      known: [
        "sans", "serif", "narrow", "fallback", "body", "small", "marks", "heading", "title",
      ]
    )

    let mm = Self.millimetre
    let pageSetup = Template.Page(
      marginTop: try number(page, "page", "margin_top", in: 5...40) * mm,
      marginBottom: try number(page, "page", "margin_bottom", in: 5...40) * mm,
      marginLeft: try number(page, "page", "margin_left", in: 5...40) * mm,
      marginRight: try number(page, "page", "margin_right", in: 5...40) * mm,
      window: Rect(
        x: try number(post, "post", "window_left", in: 0...120) * mm,
        y: try number(post, "post", "window_top", in: 0...200) * mm,
        width: try number(post, "post", "window_width", in: 40...150) * mm,
        height: try number(post, "post", "window_height", in: 20...100) * mm),
      logoWidth: try optionalNumber(page, "page", "logo_width", in: 5...60).map { $0 * mm } ?? 0)
    try refuseUnknownKeys(
      page, "page",
      known: ["margin_top", "margin_bottom", "margin_left", "margin_right", "logo", "logo_width"])
    try refuseUnknownKeys(
      post, "post", known: ["window_left", "window_top", "window_width", "window_height"])

    var logo: String?
    if let name = try optionalString(page, "page", "logo") {
      let url = folder.appendingPathComponent(name).standardizedFileURL
      guard !name.contains("/"), Self.isPNG(url) else {
        throw problem(
          page, "page", "logo",
          "'\(name)' is not a readable PNG file in \(folder.path); put the logo beside "
            + "template.toml or remove the key")
      }
      logo = url.path
    }

    let dateSource = try string(settings, "template", "date_format")
    let dateFormat = try parseText(
      dateSource, settings, "template", "date_format",
      allowed: ["dd", "d", "mm", "m", "yyyy", "yy"])
    let shortDateFormat = try parseText(
      try string(settings, "template", "short_date_format"), settings, "template",
      "short_date_format", allowed: ["dd", "d", "mm", "m"])
    try refuseUnknownKeys(
      settings, "template",
      known: ["name", "language", "decimal_separator", "date_format", "short_date_format"])

    return Template(
      folder: folder, file: file, language: try string(settings, "template", "language"),
      decimalSeparator: try string(settings, "template", "decimal_separator"), fonts: fontSet,
      page: pageSetup, logo: logo, dateFormat: dateFormat, shortDateFormat: shortDateFormat,
      texts: try texts(),
      blocks: try documentBlocks(blocks))
  }

  // MARK: - Texts and blocks

  private func texts() throws(TemplateError) -> [TextKey: TemplateText] {
    var texts: [TextKey: TemplateText] = [:]
    var known: [String: Set<String>] = [:]
    for key in TextKey.allCases {
      known[key.table, default: []].insert(key.name)
      let table = try table(key.table)
      let source = try string(table, key.table, key.name)
      texts[key] = try parseText(source, table, key.table, key.name, allowed: key.placeholders)
    }
    for (tableName, names) in known {
      try refuseUnknownKeys(try table(tableName), tableName, known: names)
    }
    return texts
  }

  private func documentBlocks(_ blocks: TOMLTable) throws(TemplateError) -> [String: Template
    .Blocks]
  {
    var result: [String: Template.Blocks] = [:]
    var known: Set<String> = []
    for (document, names) in TemplateLoader.knownBlocks {
      known.insert(document)
      known.insert(document + "_bottom")
      let flow = try blockList(blocks, document, known: names)
      let bottom = try blockList(blocks, document + "_bottom", known: names)
      if let twice = flow.first(where: bottom.contains) {
        throw problem(
          blocks, "blocks", document + "_bottom",
          "'\(twice)' is already in blocks.\(document); a block appears once")
      }
      result[document] = Template.Blocks(flow: flow, bottom: bottom)
    }
    try refuseUnknownKeys(blocks, "blocks", known: known)
    return result
  }

  private func blockList(_ table: TOMLTable, _ key: String, known: Set<String>)
    throws(TemplateError) -> [String]
  {
    guard let node = table[key] else {
      throw missing("blocks", key, in: table)
    }
    guard let items = node.arrayValue else {
      throw problem(table, "blocks", key, "must be a list of block names, e.g. [\"header\"]")
    }
    var names: [String] = []
    for item in items {
      guard let name = item.stringValue, known.contains(name) else {
        throw TemplateError(
          file: file, line: item.line, key: "blocks.\(key)",
          message: "'\(item.stringValue ?? item.typeName)' is not a block; the blocks are "
            + known.sorted().joined(separator: ", "))
      }
      guard !names.contains(name) else {
        throw TemplateError(
          file: file, line: item.line, key: "blocks.\(key)",
          message: "'\(name)' is listed twice")
      }
      names.append(name)
    }
    return names
  }

  private func parseText(
    _ source: String, _ table: TOMLTable, _ tableName: String, _ key: String, allowed: Set<String>
  ) throws(TemplateError) -> TemplateText {
    switch TemplateText.parse(source) {
    case .failure(let failure):
      throw problem(table, tableName, key, failure.message)
    case .success(let text):
      if let foreign = text.placeholders.first(where: { !allowed.contains($0) }) {
        let choices =
          allowed.isEmpty
          ? "this text takes no placeholders"
          : "it may use " + allowed.sorted().map { "{\($0)}" }.joined(separator: ", ")
        throw problem(table, tableName, key, "unknown placeholder {\(foreign)}; \(choices)")
      }
      return text
    }
  }

  // MARK: - Typed reads

  private func table(_ name: String) throws(TemplateError) -> TOMLTable {
    guard let node = root[name] else {
      throw TemplateError(
        file: file, line: 1, key: name,
        message: "missing table [\(name)]; see Templates/README.md")
    }
    guard let table = node.tableValue else {
      throw TemplateError(
        file: file, line: root.line(of: name) ?? 1, key: name, message: "must be a table")
    }
    return table
  }

  private func string(_ table: TOMLTable, _ tableName: String, _ key: String)
    throws(TemplateError) -> String
  {
    guard let value = try optionalString(table, tableName, key) else {
      throw missing(tableName, key, in: table)
    }
    return value
  }

  private func optionalString(_ table: TOMLTable, _ tableName: String, _ key: String)
    throws(TemplateError) -> String?
  {
    guard let node = table[key] else { return nil }
    guard let value = node.stringValue else {
      throw problem(table, tableName, key, "must be a string in quotes, not \(node.typeName)")
    }
    return value
  }

  private func number(
    _ table: TOMLTable, _ tableName: String, _ key: String, in range: ClosedRange<Double>
  ) throws(TemplateError) -> Double {
    guard let value = try optionalNumber(table, tableName, key, in: range) else {
      throw missing(tableName, key, in: table)
    }
    return value
  }

  private func optionalNumber(
    _ table: TOMLTable, _ tableName: String, _ key: String, in range: ClosedRange<Double>
  ) throws(TemplateError) -> Double? {
    guard let node = table[key] else { return nil }
    guard let value = Self.number(node) else {
      throw problem(table, tableName, key, "must be a number, not \(node.typeName)")
    }
    guard range.contains(value) else {
      throw problem(
        table, tableName, key,
        "\(node.numberText ?? String(value)) is outside \(Self.text(range.lowerBound))…"
          + "\(Self.text(range.upperBound))")
    }
    return value
  }

  /// A TOML integer or float as a `Double`. Kept out of line and free of `throws`: Swift 6.3.1
  /// crashes in release builds (SIL ownership verifier) when this switch is inlined into a
  /// typed-throws function.
  @inline(never)
  private static func number(_ node: TOMLNode) -> Double? {
    switch node.value {
    case .integer(let value): Double(value)
    case .float(let value, _): value
    default: nil
    }
  }

  private static func text(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(value)
  }

  // MARK: - Problems

  private func refuseUnknownTables() throws(TemplateError) {
    var known: Set<String> = ["template", "fonts", "page", "post", "blocks"]
    for key in TextKey.allCases { known.insert(key.table) }
    for name in root.keys where !known.contains(name) {
      throw TemplateError(
        file: file, line: root.line(of: name) ?? 1, key: name,
        message: "is not a table PaperDiary reads; the tables are "
          + known.sorted().joined(separator: ", "))
    }
  }

  private func refuseUnknownKeys(_ table: TOMLTable, _ tableName: String, known: Set<String>)
    throws(TemplateError)
  {
    for key in table.keys where !known.contains(key) {
      throw problem(
        table, tableName, key, "is not a key of [\(tableName)]; check its spelling")
    }
  }

  private func missing(_ tableName: String, _ key: String, in table: TOMLTable) -> TemplateError {
    TemplateError(
      file: file, line: root.line(of: tableName) ?? 1, key: "\(tableName).\(key)",
      message: "missing; every template gives it (see Templates/README.md)")
  }

  private func problem(
    _ table: TOMLTable, _ tableName: String, _ key: String, _ message: String
  ) -> TemplateError {
    TemplateError(
      file: file, line: table.line(of: key) ?? root.line(of: tableName) ?? 1,
      key: "\(tableName).\(key)", message: message)
  }

  /// Whether `url` is a regular file that starts with PNG's signature: a logo named `..`,
  /// `template.toml` or a folder is refused when the template loads, not on the first sheet.
  private static func isPNG(_ url: URL) -> Bool {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder),
      !isFolder.boolValue, let handle = FileHandle(forReadingAtPath: url.path)
    else { return false }
    defer { try? handle.close() }
    let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    return (try? handle.read(upToCount: 8)).map { [UInt8]($0) == signature } ?? false
  }
}
