internal import CCairo

/// A PNG read into a `cairo_surface_t` (the school's logo), freed in `deinit`.
final class ImageSurface {
  let handle: OpaquePointer
  let width: Int
  let height: Int

  init(png path: String) throws {
    guard let surface = cairo_image_surface_create_from_png(path) else {
      throw RenderError.cairo(what: "image \(path)", status: "nil")
    }
    let status = cairo_surface_status(surface)
    guard status == CAIRO_STATUS_SUCCESS else {
      cairo_surface_destroy(surface)
      throw RenderError.cairo(what: "image \(path)", status: PDFSurface.text(of: status))
    }
    handle = surface
    width = Int(cairo_image_surface_get_width(surface))
    height = Int(cairo_image_surface_get_height(surface))
  }

  deinit {
    cairo_surface_destroy(handle)
  }
}
