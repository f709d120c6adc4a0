internal import CCairo

/// A `PangoFontDescription` parsed from a template string such as "PT Sans Bold 12".
///
/// Families missing on the machine fall back through fontconfig (to DejaVu on Debian).
final class FontDescription {
  let handle: OpaquePointer
  /// The characters `FontFaces` has kept this font's faces open for, and its bold's.
  var faces = FontFaces.Seen()
  var boldFaces = FontFaces.Seen()

  init(_ description: String) throws {
    guard let font = pango_font_description_from_string(description) else {
      throw RenderError.pango(what: "font description '\(description)'")
    }
    handle = font
  }

  deinit {
    pango_font_description_free(handle)
  }
}
