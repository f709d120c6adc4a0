import DiaryRules
import Foundation

/// What a school edits (Templates/README.md): every word on every document, the fonts, the
/// margins, the logo and which blocks appear in what order. Loaded and checked once by
/// `TemplateLoader`; nothing a school would change is in code.
public struct Template: Sendable {
  /// Fonts as Pango family lists: the template's family first, the fallback after it.
  public struct Fonts: Sendable, Hashable {
    public let sans: String
    public let serif: String
    public let narrow: String
    /// Body text, in points.
    public let body: Double
    /// The smallest text on any page (DESIGN §4: at least 7 pt).
    public let small: Double
    /// Marks in the table (at least 8 pt).
    public let marks: Double
    public let heading: Double
    public let title: Double
  }

  /// A4 margins and the envelope window, in points (the file gives millimetres).
  public struct Page: Sendable, Hashable {
    public let marginTop: Double
    public let marginBottom: Double
    public let marginLeft: Double
    public let marginRight: Double
    /// Where the address of a `post` sheet goes: the window of the envelope.
    public let window: Rect
    /// The logo's width on the page; its height follows the image.
    public let logoWidth: Double
  }

  /// The blocks of one kind of document: `flow` top to bottom, `bottom` anchored to the foot
  /// of the last page.
  public struct Blocks: Sendable, Hashable {
    public let flow: [String]
    public let bottom: [String]
  }

  /// The folder the template was read from.
  public let folder: URL
  /// `template.toml` inside it, as messages name it.
  public let file: String
  public let language: String
  public let decimalSeparator: String
  public let fonts: Fonts
  public let page: Page
  /// The logo's absolute path, when the template has one.
  public let logo: String?
  let dateFormat: TemplateText
  let shortDateFormat: TemplateText
  let texts: [TextKey: TemplateText]
  let blocks: [String: Blocks]

  /// The text under `key` with its placeholders filled in.
  public func text(_ key: TextKey, _ values: [String: String] = [:]) -> String {
    texts[key]?.filled(values) ?? ""
  }

  /// The blocks of `document` (`weekly`, `register`, …) as the template orders them.
  public func blocks(of document: String) -> Blocks {
    blocks[document] ?? Blocks(flow: [], bottom: [])
  }

  /// `date` the way the template writes dates (`{dd}.{mm}.{yyyy}` for Russian).
  public func date(_ date: LocalDate) -> String { Self.format(date, dateFormat) }

  /// `date` without the year, for chart labels (`{dd}.{mm}`).
  public func shortDate(_ date: LocalDate) -> String { Self.format(date, shortDateFormat) }

  private static func format(_ date: LocalDate, _ format: TemplateText) -> String {
    let (year, month, day) = date.components
    return format.filled([
      "dd": twoDigits(day), "d": String(day), "mm": twoDigits(month),
      "m": String(month), "yyyy": String(year), "yy": twoDigits(year % 100),
    ])
  }

  private static func twoDigits(_ value: Int) -> String {
    value < 10 ? "0\(value)" : String(value)
  }
}

/// A rectangle in points, origin at the top left of the page.
public struct Rect: Sendable, Hashable {
  public var x: Double
  public var y: Double
  public var width: Double
  public var height: Double

  public init(x: Double, y: Double, width: Double, height: Double) {
    self.x = x
    self.y = y
    self.width = width
    self.height = height
  }

  public var maxX: Double { x + width }
  public var maxY: Double { y + height }
}
