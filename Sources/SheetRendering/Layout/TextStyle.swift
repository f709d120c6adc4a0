/// How a run of text looks: the template's family, a size, weight, slant, gray and alignment.
/// Sheets print in black and white, so emphasis is weight, slant, frames and words, never colour.
public struct TextStyle: Hashable, Sendable {
  public enum Family: Hashable, Sendable {
    case sans
    case serif
    /// A condensed sans for dense table cells (PT Sans Narrow).
    case narrow
  }

  public var family: Family
  public var size: Double
  public var bold: Bool
  public var italic: Bool
  /// 0 is black; grays above 0.45 do not survive a cheap printer, so none is used for meaning.
  public var gray: Double
  public var alignment: TextAlignment

  public init(
    _ family: Family = .sans, size: Double, bold: Bool = false, italic: Bool = false,
    gray: Double = 0, alignment: TextAlignment = .left
  ) {
    self.family = family
    self.size = size
    self.bold = bold
    self.italic = italic
    self.gray = gray
    self.alignment = alignment
  }

  public func with(
    bold: Bool? = nil, italic: Bool? = nil, alignment: TextAlignment? = nil, size: Double? = nil
  ) -> TextStyle {
    var style = self
    if let bold { style.bold = bold }
    if let italic { style.italic = italic }
    if let alignment { style.alignment = alignment }
    if let size { style.size = size }
    return style
  }
}
