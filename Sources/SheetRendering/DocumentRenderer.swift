/// A finished PDF in memory: its bytes and how many pages it has.
public struct RenderedDocument: Sendable {
  public let bytes: [UInt8]
  public let pages: Int
}

/// Several documents drawn into one PDF, one after another: the bytes, and per document either
/// how many pages it took or why it could not be laid out (it then has no pages).
public struct RenderedBatch: Sendable {
  public let bytes: [UInt8]
  public let documents: [Result<Int, RenderError>]
}

/// Draws `PageDocument`s with one template's fonts and margins. Not `Sendable`: each rendering
/// thread owns its own renderer, surfaces and layouts (Cairo objects are not shared).
public final class DocumentRenderer {
  public let template: Template
  private let fonts: FontCache
  private let images = ImageCache()

  public init(template: Template) {
    self.template = template
    self.fonts = FontCache(template.fonts)
  }

  /// The document as an A4 PDF; `name` only labels errors, `createdAt` (ISO 8601 with offset)
  /// becomes its creation date.
  public func render(_ document: PageDocument, name: String, createdAt: String? = nil) throws
    -> RenderedDocument
  {
    let surface = try PDFSurface(path: name)
    if let createdAt { surface.setCreationDate(createdAt) }
    let context = try DrawingContext(surface: surface)
    let pages = try composer(on: context).compose(document)
    try PagePainter.paint(pages, on: context)
    return RenderedDocument(bytes: try surface.finishedBytes(), pages: pages.count)
  }

  /// The documents one after another in one A4 PDF, each starting on a new page.
  ///
  /// Cairo subsets each font and embeds each image once per PDF, so a batch costs far less per
  /// document than documents drawn one by one (`PDFSplit` then cuts it into one file each). A
  /// document that cannot be laid out is left out and reported; a failure of Cairo itself
  /// fails the batch.
  public func render(_ documents: [PageDocument], name: String, createdAt: String? = nil) throws
    -> RenderedBatch
  {
    let surface = try PDFSurface(path: name)
    if let createdAt { surface.setCreationDate(createdAt) }
    let context = try DrawingContext(surface: surface)
    let composer = composer(on: context)
    var outcomes: [Result<Int, RenderError>] = []
    var drawn = 0
    for document in documents {
      let pages: [[Placed]]
      do {
        pages = try composer.compose(document)
      } catch let error as RenderError {
        outcomes.append(.failure(error))
        continue
      } catch {
        outcomes.append(.failure(.layout("\(error)")))
        continue
      }
      if drawn > 0 { surface.nextPage() }
      try PagePainter.paint(pages, on: context)
      drawn += 1
      outcomes.append(.success(pages.count))
    }
    return RenderedBatch(bytes: try surface.finishedBytes(), documents: outcomes)
  }

  private func composer(on context: DrawingContext) -> PageComposer {
    let page = template.page
    let frame = Rect(
      x: page.marginLeft, y: page.marginTop,
      width: context.surface.width - page.marginLeft - page.marginRight,
      height: context.surface.height - page.marginTop - page.marginBottom - 10)
    return PageComposer(
      context: context, fonts: fonts, images: images, frame: frame, window: page.window)
  }
}
