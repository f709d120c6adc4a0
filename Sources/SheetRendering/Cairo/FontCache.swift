/// One `FontDescription` per style a document uses, so a table of hundreds of cells parses a
/// handful of font strings instead of one per cell.
final class FontCache {
  private struct Key: Hashable {
    let family: TextStyle.Family
    let size: Double
    let bold: Bool
    let italic: Bool
  }

  private let sans: String
  private let serif: String
  private let narrow: String
  private var fonts: [Key: FontDescription] = [:]

  /// Each family is a Pango family list such as "PT Sans, DejaVu Sans".
  init(sans: String, serif: String, narrow: String) {
    self.sans = sans
    self.serif = serif
    self.narrow = narrow
  }

  /// The families a template sets its documents in.
  convenience init(_ fonts: Template.Fonts) {
    self.init(sans: fonts.sans, serif: fonts.serif, narrow: fonts.narrow)
  }

  func font(for style: TextStyle) throws -> FontDescription {
    let key = Key(family: style.family, size: style.size, bold: style.bold, italic: style.italic)
    if let font = fonts[key] { return font }
    let family =
      switch style.family {
      case .sans: sans
      case .serif: serif
      case .narrow: narrow
      }
    let description =
      "\(family)\(style.bold ? " Bold" : "")\(style.italic ? " Italic" : "") \(style.size)"
    let font = try FontDescription(description)
    fonts[key] = font
    return font
  }
}
