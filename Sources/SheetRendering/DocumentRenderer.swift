/// A finished PDF in memory: its bytes and how many pages it has.
public struct RenderedDocument: Sendable {
  public let bytes: [UInt8]
  public let pages: Int
}

/// Draws `PageDocument`s with one template's fonts and margins. Not `Sendable`: each rendering
/// thread owns its own renderer, surfaces and layouts (Cairo objects are not shared).
public final class DocumentRenderer {
  public let template: Template
  private let fonts: FontCache

  public init(template: Template) {
    self.template = template
    self.fonts = FontCache(
      sans: template.fonts.sans, serif: template.fonts.serif, narrow: template.fonts.narrow)
  }

  /// The document as an A4 PDF; `name` only labels errors, `createdAt` (ISO 8601 with offset)
  /// becomes its creation date.
  public func render(_ document: PageDocument, name: String, createdAt: String? = nil) throws
    -> RenderedDocument
  {
    let surface = try PDFSurface(path: name)
    if let createdAt { surface.setCreationDate(createdAt) }
    let context = try DrawingContext(surface: surface)
    let page = template.page
    let frame = Rect(
      x: page.marginLeft, y: page.marginTop,
      width: surface.width - page.marginLeft - page.marginRight,
      height: surface.height - page.marginTop - page.marginBottom - 10)
    let composer = PageComposer(context: context, fonts: fonts, frame: frame, window: page.window)
    let pages = try composer.compose(document)
    try PagePainter.paint(pages, on: context)
    return RenderedDocument(bytes: try surface.finishedBytes(), pages: pages.count)
  }
}
