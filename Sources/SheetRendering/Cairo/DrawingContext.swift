internal import CCairo

/// A `cairo_t` drawing on one `PDFSurface`; the surface stays alive as long as the context.
final class DrawingContext {
  let surface: PDFSurface
  let handle: OpaquePointer
  /// One Pango context for every layout on this page set, at 72 dpi so that a font of 9 pt
  /// is 9 PDF points (Pango's default of 96 dpi would print it a third larger).
  let textContext: OpaquePointer

  init(surface: PDFSurface) throws {
    let context = cairo_create(surface.handle)
    guard let context else { throw RenderError.cairo(what: "context", status: "nil") }
    let status = cairo_status(context)
    guard status == CAIRO_STATUS_SUCCESS else {
      cairo_destroy(context)
      throw RenderError.cairo(what: "context", status: PDFSurface.text(of: status))
    }
    guard let textContext = pango_cairo_create_context(context) else {
      cairo_destroy(context)
      throw RenderError.pango(what: "text context")
    }
    pango_cairo_context_set_resolution(textContext, 72)
    self.surface = surface
    self.handle = context
    self.textContext = textContext
  }

  deinit {
    g_object_unref(UnsafeMutableRawPointer(textContext))
    cairo_destroy(handle)
  }

  /// Cairo errors are sticky and silent; call this before trusting what was drawn.
  func check() throws {
    let status = cairo_status(handle)
    guard status == CAIRO_STATUS_SUCCESS else {
      throw RenderError.cairo(
        what: "drawing on \(surface.path)", status: PDFSurface.text(of: status))
    }
  }

  func move(to x: Double, _ y: Double) { cairo_move_to(handle, x, y) }
  func line(to x: Double, _ y: Double) { cairo_line_to(handle, x, y) }
  func rectangle(x: Double, y: Double, width: Double, height: Double) {
    cairo_rectangle(handle, x, y, width, height)
  }
  func stroke() { cairo_stroke(handle) }
  func fill() { cairo_fill(handle) }
  /// Sheets are printed in black and white, so gray (0 black … 1 white) is the only colour.
  func setGray(_ level: Double) { cairo_set_source_rgb(handle, level, level, level) }
  func setLineWidth(_ points: Double) { cairo_set_line_width(handle, points) }
  func save() { cairo_save(handle) }
  func restore() { cairo_restore(handle) }
}

extension DrawingContext {
  /// Dashes for cut lines and threshold marks; an empty pattern is a solid line.
  func setDash(_ pattern: [Double]) {
    pattern.withUnsafeBufferPointer { buffer in
      cairo_set_dash(handle, buffer.baseAddress, Int32(buffer.count), 0)
    }
  }

  func circle(x: Double, y: Double, radius: Double) {
    cairo_new_sub_path(handle)
    cairo_arc(handle, x, y, radius, 0, 2 * Double.pi)
  }

  /// Paints `image` scaled to `rect`.
  func draw(_ image: ImageSurface, in rect: Rect) {
    save()
    cairo_translate(handle, rect.x, rect.y)
    cairo_scale(handle, rect.width / Double(image.width), rect.height / Double(image.height))
    cairo_set_source_surface(handle, image.handle, 0, 0)
    cairo_paint(handle)
    restore()
  }
}
