/// Something measured and positioned, ready to draw: the output of `PageComposer`, the input of
/// `PagePainter`. Coordinates are points from the page's top left (within a slice, from the
/// slice's top).
enum Placed {
  case text(TextLayout, x: Double, y: Double, gray: Double)
  case line(
    x1: Double, y1: Double, x2: Double, y2: Double, weight: Double, dashed: Bool, gray: Double)
  case box(Rect, fill: Double?, stroke: Double?, weight: Double)
  case polyline([(x: Double, y: Double)], weight: Double)
  case dot(x: Double, y: Double, radius: Double)
  case image(ImageSurface, Rect)

  /// The same item `dy` points lower.
  func shifted(by dy: Double) -> Placed {
    switch self {
    case .text(let layout, let x, let y, let gray): .text(layout, x: x, y: y + dy, gray: gray)
    case .line(let x1, let y1, let x2, let y2, let weight, let dashed, let gray):
      .line(x1: x1, y1: y1 + dy, x2: x2, y2: y2 + dy, weight: weight, dashed: dashed, gray: gray)
    case .box(var rect, let fill, let stroke, let weight):
      {
        rect.y += dy
        return .box(rect, fill: fill, stroke: stroke, weight: weight)
      }()
    case .polyline(let points, let weight):
      .polyline(points.map { (x: $0.x, y: $0.y + dy) }, weight: weight)
    case .dot(let x, let y, let radius): .dot(x: x, y: y + dy, radius: radius)
    case .image(let image, var rect):
      {
        rect.y += dy
        return .image(image, rect)
      }()
    }
  }
}

/// An unbreakable horizontal band of a page: a paragraph, a table row, a chart.
struct Slice {
  var height: Double
  var items: [Placed]
  /// For a table row: the table's header, repeated at the top of a page the row starts.
  var header: Header?

  /// Identity of a table's header, so a page repeats it once.
  final class Header {
    let slice: Slice
    init(_ slice: Slice) { self.slice = slice }
  }

  init(height: Double, items: [Placed], header: Header? = nil) {
    self.height = height
    self.items = items
    self.header = header
  }

  /// Slices stacked into one, which then never splits.
  static func stacked(_ slices: [Slice]) -> Slice {
    var items: [Placed] = []
    var y = 0.0
    var header: Header?
    for slice in slices {
      // A table kept together still shows its header above its first row.
      if let rowHeader = slice.header, rowHeader !== header {
        header = rowHeader
        items += rowHeader.slice.items.map { $0.shifted(by: y) }
        y += rowHeader.slice.height
      }
      items += slice.items.map { $0.shifted(by: y) }
      y += slice.height
    }
    return Slice(height: y, items: items)
  }
}
