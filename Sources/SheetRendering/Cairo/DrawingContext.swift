internal import CCairo

/// A `cairo_t` drawing on one `PDFSurface`; the surface stays alive as long as the context.
final class DrawingContext {
  let surface: PDFSurface
  let handle: OpaquePointer

  init(surface: PDFSurface) throws {
    let context = cairo_create(surface.handle)
    guard let context else { throw RenderError.cairo(what: "context", status: "nil") }
    let status = cairo_status(context)
    guard status == CAIRO_STATUS_SUCCESS else {
      cairo_destroy(context)
      throw RenderError.cairo(what: "context", status: PDFSurface.text(of: status))
    }
    self.surface = surface
    self.handle = context
  }

  deinit {
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
