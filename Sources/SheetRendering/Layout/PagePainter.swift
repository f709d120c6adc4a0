/// Draws composed pages onto a PDF surface, one `show_page` per page.
enum PagePainter {
  static func paint(_ pages: [[Placed]], on context: DrawingContext) throws {
    for (index, page) in pages.enumerated() {
      if index > 0 { context.surface.nextPage() }
      for item in page { draw(item, on: context) }
      try context.check()
    }
  }

  private static func draw(_ item: Placed, on context: DrawingContext) {
    switch item {
    case .text(let layout, let x, let y, let gray):
      layout.draw(x: x, y: y, gray: gray)
    case .line(let x1, let y1, let x2, let y2, let weight, let dashed, let gray):
      context.setGray(gray)
      context.setLineWidth(weight)
      context.setDash(dashed ? [3, 2] : [])
      context.move(to: x1, y1)
      context.line(to: x2, y2)
      context.stroke()
      if dashed { context.setDash([]) }
    case .box(let rect, let fill, let stroke, let weight):
      if let fill {
        context.setGray(fill)
        context.rectangle(x: rect.x, y: rect.y, width: rect.width, height: rect.height)
        context.fill()
      }
      if let stroke {
        context.setGray(stroke)
        context.setLineWidth(weight)
        context.rectangle(x: rect.x, y: rect.y, width: rect.width, height: rect.height)
        context.stroke()
      }
    case .polyline(let points, let weight):
      guard let first = points.first else { return }
      context.setGray(0)
      context.setLineWidth(weight)
      context.move(to: first.x, first.y)
      for point in points.dropFirst() { context.line(to: point.x, point.y) }
      context.stroke()
    case .dot(let x, let y, let radius):
      context.setGray(0)
      context.circle(x: x, y: y, radius: radius)
      context.fill()
    case .image(let image, let rect):
      context.draw(image, in: rect)
    }
  }
}
