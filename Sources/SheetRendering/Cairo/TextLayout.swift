internal import CCairo

/// A `PangoLayout` for one block of text, measured and drawn on the context it was made for.
///
/// The layout holds its own reference, released in `deinit`; Pango copies the font, so the
/// `FontDescription` passed in may go away first.
final class TextLayout {
  let context: DrawingContext
  let handle: OpaquePointer
  /// The font set last, whose bold faces markup may need.
  private var font: FontDescription?

  init(context: DrawingContext) throws {
    guard let layout = pango_layout_new(context.textContext) else {
      throw RenderError.pango(what: "text layout")
    }
    self.context = context
    self.handle = layout
  }

  deinit {
    g_object_unref(UnsafeMutableRawPointer(handle))
  }

  /// Set the font first: the faces the text draws with are kept open before Pango measures it.
  func setText(_ text: String) {
    if let font { FontFaces.keepOpen(text, in: font, context: context.textContext) }
    pango_layout_set_text(handle, text, -1)
  }

  func setFont(_ font: FontDescription) {
    // An empty layout still measures its line with the font's first face.
    FontFaces.keepOpen("", in: font, context: context.textContext)
    self.font = font
    pango_layout_set_font_description(handle, font.handle)
  }

  /// Wraps at word boundaries (characters only for over-long words) to `points`.
  func setWidth(_ points: Double) {
    pango_layout_set_width(handle, Int32((points * Double(PANGO_SCALE)).rounded()))
    pango_layout_set_wrap(handle, PANGO_WRAP_WORD_CHAR)
  }

  /// Pango markup (`<b>`, `<u>`, `<sup>`); the caller escapes any text it did not write.
  func setMarkup(_ markup: String) {
    // Parsing measures nothing, and gives the text with entities such as `&#x4E00;` resolved.
    pango_layout_set_markup(handle, markup, -1)
    guard let font, let parsed = pango_layout_get_text(handle) else { return }
    let text = String(cString: parsed)
    FontFaces.keepOpen(text, in: font, context: context.textContext)
    if markup.contains("<b>") {
      FontFaces.keepOpen(text, in: font, bold: true, context: context.textContext)
    }
  }

  func setAlignment(_ alignment: TextAlignment) {
    switch alignment {
    case .left: pango_layout_set_alignment(handle, PANGO_ALIGN_LEFT)
    case .center: pango_layout_set_alignment(handle, PANGO_ALIGN_CENTER)
    case .right: pango_layout_set_alignment(handle, PANGO_ALIGN_RIGHT)
    case .justify:
      pango_layout_set_alignment(handle, PANGO_ALIGN_LEFT)
      pango_layout_set_justify(handle, 1)
    }
  }

  /// The logical size in points, which is what the page layout stacks blocks by.
  var size: (width: Double, height: Double) {
    var width: Int32 = 0
    var height: Int32 = 0
    pango_layout_get_size(handle, &width, &height)
    let scale = Double(PANGO_SCALE)
    return (Double(width) / scale, Double(height) / scale)
  }

  /// Draws with the top-left corner of the layout at (`x`, `y`) in `gray`.
  func draw(x: Double, y: Double, gray: Double = 0) {
    context.setGray(gray)
    cairo_move_to(context.handle, x, y)
    pango_cairo_show_layout(context.handle, handle)
  }
}
