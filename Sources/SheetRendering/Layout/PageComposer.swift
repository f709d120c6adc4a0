/// Measures a `PageDocument` with Pango and breaks it into A4 pages: blocks become slices,
/// slices fill pages top to bottom, a table's header repeats on each page it runs onto, and the
/// bottom blocks sit at the foot of the last page (on a page of their own if they do not fit).
final class PageComposer {
  let context: DrawingContext
  let fonts: FontCache
  /// The printable area: the page minus the template's margins.
  let frame: Rect
  let window: Rect
  let images: ImageCache
  private var layouts: [LayoutKey: TextLayout] = [:]

  init(context: DrawingContext, fonts: FontCache, images: ImageCache, frame: Rect, window: Rect) {
    self.context = context
    self.fonts = fonts
    self.images = images
    self.frame = frame
    self.window = window
  }

  /// The document's pages, each a list of placed items in page coordinates.
  func compose(_ document: PageDocument) throws -> [[Placed]] {
    var pages: [[Placed]] = [[]]
    var y = frame.y
    let continuation = try document.continuation.map {
      Slice.stacked(try slices(of: $0, x: frame.x, width: frame.width))
    }

    func newPage(repeating header: Slice.Header?) {
      pages.append([])
      y = frame.y
      if let continuation {
        place(continuation)
      }
      if let header { place(header.slice) }
    }
    func place(_ slice: Slice) {
      pages[pages.count - 1] += slice.items.map { $0.shifted(by: y) }
      y += slice.height
    }

    for block in document.flow {
      if case .window(let address, let beside) = block, pages.count == 1 {
        y = try placeWindow(address: address, beside: beside, at: y, on: &pages[0])
        continue
      }
      var lastHeader: Slice.Header?
      for slice in try slices(of: block, x: frame.x, width: frame.width) {
        let startsTable = slice.header != nil && slice.header !== lastHeader
        if y + slice.height > frame.maxY, y > frame.y + 1 {
          newPage(repeating: startsTable ? nil : slice.header)
        }
        if startsTable {
          // A table's first row comes with its header; both move if the pair does not fit.
          let header = try unwrap(slice.header)
          if y + header.slice.height + slice.height > frame.maxY, y > frame.y + 1 {
            newPage(repeating: nil)
          }
          place(header.slice)
          lastHeader = slice.header
        }
        place(slice)
      }
    }

    let bottom = Slice.stacked(
      try document.bottom.flatMap { try slices(of: $0, x: frame.x, width: frame.width) })
    if bottom.height > 0 {
      if y + bottom.height > frame.maxY { newPage(repeating: nil) }
      y = frame.maxY - bottom.height
      place(bottom)
    }

    if pages.count > 1 {
      for index in pages.indices {
        let label = try layout(
          document.pageLabel(index + 1, pages.count),
          document.pageLabelStyle.with(alignment: .right), width: frame.width)
        pages[index].append(
          .text(label, x: frame.x, y: frame.maxY + 3, gray: document.pageLabelStyle.gray))
      }
    }
    return pages
  }

  // MARK: - Blocks to slices

  func slices(of block: Block, x: Double, width: Double) throws -> [Slice] {
    switch block {
    case .text(let text, let style, let markup):
      let layout = try layout(text, style, width: width, markup: markup)
      return [
        Slice(height: layout.size.height, items: [.text(layout, x: x, y: 0, gray: style.gray)])
      ]
    case .space(let height):
      return [Slice(height: height, items: [])]
    case .rule(let weight, let dashed):
      return [
        Slice(
          height: weight + 4,
          items: [
            .line(
              x1: x, y1: 2 + weight / 2, x2: x + width, y2: 2 + weight / 2, weight: weight,
              dashed: dashed, gray: 0)
          ])
      ]
    case .columns(let columns, let gap):
      let total = columns.reduce(0) { $0 + $1.share }
      let usable = width - gap * Double(max(columns.count - 1, 0))
      var left = x
      var height = 0.0
      var items: [Placed] = []
      for column in columns {
        let columnWidth = usable * column.share / max(total, 0.0001)
        let stacked = Slice.stacked(
          try column.blocks.flatMap { try slices(of: $0, x: left, width: columnWidth) })
        items += stacked.items
        height = max(height, stacked.height)
        left += columnWidth + gap
      }
      return [Slice(height: height, items: items)]
    case .table(let table):
      return try tableSlices(table, x: x, width: width)
    case .chart(let chart):
      return [try chartSlice(chart, x: x, width: width)]
    case .image(let path, let imageWidth):
      let image = try self.image(path)
      let height = imageWidth * Double(image.height) / Double(max(image.width, 1))
      return [
        Slice(
          height: height,
          items: [.image(image, Rect(x: x, y: 0, width: imageWidth, height: height))])
      ]
    case .window(let address, let beside):
      // Past the first page there is no envelope: the blocks simply stack.
      return [
        Slice.stacked(try (address + beside).flatMap { try slices(of: $0, x: x, width: width) })
      ]
    case .group(let blocks):
      return [Slice.stacked(try blocks.flatMap { try slices(of: $0, x: x, width: width) })]
    case .framed(let blocks, let weight):
      let padding = 5.0
      let inner = Slice.stacked(
        try blocks.flatMap { try slices(of: $0, x: x + padding, width: width - 2 * padding) })
      let height = inner.height + 2 * padding
      return [
        Slice(
          height: height + 2,
          items: [
            .box(
              Rect(x: x, y: 1, width: width, height: height), fill: nil, stroke: 0, weight: weight)
          ]
            + inner.items.map { $0.shifted(by: 1 + padding) })
      ]
    }
  }

  /// Places the address in the envelope window of the first page and `beside` to its right;
  /// returns where the flow continues.
  private func placeWindow(address: [Block], beside: [Block], at y: Double, on page: inout [Placed])
    throws -> Double
  {
    let top = max(y, window.y)
    let inset = 3.0
    let addressSlice = Slice.stacked(
      try address.flatMap {
        try slices(of: $0, x: window.x + inset, width: window.width - 2 * inset)
      })
    page += addressSlice.items.map { $0.shifted(by: top + inset) }
    let besideX = window.maxX + 14
    let besideSlice = Slice.stacked(
      try beside.flatMap { try slices(of: $0, x: besideX, width: frame.maxX - besideX) })
    page += besideSlice.items.map { $0.shifted(by: top) }
    return max(top + window.height, top + besideSlice.height) + 4
  }

  // MARK: - Tables

  private func tableSlices(_ table: Table, x: Double, width: Double) throws -> [Slice] {
    let total = table.columns.reduce(0) { $0 + $1.share }
    var edges = [x]
    for column in table.columns {
      edges.append((edges.last ?? x) + width * column.share / max(total, 0.0001))
    }
    func row(_ cells: [Table.Cell], shade: Double?, topRule: Bool) throws -> Slice {
      var items: [Placed] = []
      var height = table.minimumRowHeight
      var layouts: [(TextLayout, Double, Double)] = []
      for (index, cell) in cells.enumerated() where index < table.columns.count {
        let cellWidth = edges[index + 1] - edges[index] - 2 * table.padding
        let style = cell.style.with(alignment: table.columns[index].alignment)
        let layout = try layout(cell.text, style, width: cellWidth, markup: cell.markup)
        layouts.append((layout, edges[index] + table.padding, style.gray))
        height = max(height, layout.size.height + 2 * table.padding)
      }
      if let shade {
        items.append(
          .box(Rect(x: x, y: 0, width: width, height: height), fill: shade, stroke: nil, weight: 0))
      }
      for (layout, left, gray) in layouts {
        items.append(.text(layout, x: left, y: table.padding, gray: gray))
      }
      // Every row draws its own top rule after its shading, so a shaded row never hides the
      // rule above it.
      items.append(
        .line(
          x1: x, y1: 0, x2: x + width, y2: 0, weight: topRule ? 0.6 : 0.4, dashed: false, gray: 0))
      items.append(
        .line(x1: x, y1: height, x2: x + width, y2: height, weight: 0.4, dashed: false, gray: 0))
      for edge in edges {
        items.append(
          .line(x1: edge, y1: 0, x2: edge, y2: height, weight: 0.4, dashed: false, gray: 0))
      }
      return Slice(height: height, items: items)
    }
    let header = Slice.Header(try row(table.header, shade: table.headerShade, topRule: true))
    return try table.rows.enumerated().map { index, cells in
      var slice = try row(cells, shade: index % 2 == 1 ? table.stripeShade : nil, topRule: false)
      slice.header = header
      return slice
    }
  }

  // MARK: - The trend chart

  private func chartSlice(_ chart: TrendChart, x: Double, width: Double) throws -> Slice {
    guard let low = chart.marks.first, let high = chart.marks.last, high > low,
      !chart.points.isEmpty
    else { return Slice(height: 0, items: []) }
    var items: [Placed] = []
    let axis = 16.0
    let labelHeight = chart.style.size + 4
    let plot = Rect(
      x: x + axis, y: chart.style.size, width: width - axis - 4,
      height: chart.height - labelHeight - chart.style.size)
    func yOf(_ value: Double) -> Double {
      plot.maxY - (value - Double(low)) / Double(high - low) * plot.height
    }
    for mark in chart.marks {
      let y = yOf(Double(mark))
      items.append(
        .line(x1: plot.x, y1: y, x2: plot.maxX, y2: y, weight: 0.3, dashed: false, gray: 0.6))
      let label = try layout(String(mark), chart.style.with(alignment: .right), width: axis - 4)
      items.append(.text(label, x: x, y: y - label.size.height / 2, gray: 0))
    }
    for threshold in chart.thresholds {
      let y = yOf(threshold)
      items.append(
        .line(x1: plot.x, y1: y, x2: plot.maxX, y2: y, weight: 0.4, dashed: true, gray: 0.35))
    }
    let step = plot.width / Double(chart.points.count)
    // A long term has more weeks than labels fit: every other week is named, and the values
    // are written only where they do not crowd (always for the latest week).
    let labelEvery = chart.points.count > 8 ? 2 : 1
    let crowded = chart.points.count > 8
    var run: [(x: Double, y: Double)] = []
    var values: [Placed] = []
    for (index, point) in chart.points.enumerated() {
      let centre = plot.x + step * (Double(index) + 0.5)
      let isLast = index == chart.points.count - 1
      if (chart.points.count - 1 - index) % labelEvery == 0 {
        let labelWidth = step * Double(labelEvery)
        let label = try layout(point.label, chart.style.with(alignment: .center), width: labelWidth)
        items.append(.text(label, x: centre - labelWidth / 2, y: plot.maxY + 2, gray: 0))
      }
      guard let value = point.value else {
        if run.count > 1 { items.append(.polyline(run, weight: 1.2)) }
        run = []
        continue
      }
      let y = yOf(min(max(value, Double(low)), Double(high)))
      run.append((centre, y))
      items.append(.dot(x: centre, y: y, radius: 1.9))
      if let text = point.valueText, isLast || !crowded {
        // On a white patch, so grid and threshold lines never run through the figure.
        let valueLabel = try layout(text, chart.style, width: nil)
        let size = valueLabel.size
        let left = min(max(centre - size.width / 2, plot.x + 1), plot.maxX - size.width - 1)
        let top = max(y - size.height - 2, plot.y - size.height + 2)
        values.append(
          .box(
            Rect(x: left - 1, y: top, width: size.width + 2, height: size.height), fill: 1,
            stroke: nil, weight: 0))
        values.append(.text(valueLabel, x: left, y: top, gray: 0))
      }
    }
    if run.count > 1 { items.append(.polyline(run, weight: 1.2)) }
    items.append(.box(plot, fill: nil, stroke: 0, weight: 0.5))
    items += values
    return Slice(height: chart.height, items: items)
  }

  // MARK: - Pango

  /// A Pango layout of `text`, wrapped to `width` (nil: one line, never wrapped).
  ///
  /// Layouts are never changed once made, so one made before is handed out again: a batch of
  /// sheets shapes its headings, legends, legal text and common cells once, not once a sheet.
  func layout(_ text: String, _ style: TextStyle, width: Double?, markup: Bool = false) throws
    -> TextLayout
  {
    var plain = style
    plain.gray = 0
    let key = LayoutKey(text: text, markup: markup, style: plain, width: width)
    if let layout = layouts[key] { return layout }
    let layout = try TextLayout(context: context)
    layout.setFont(try fonts.font(for: style))
    if let width { layout.setWidth(max(width, 1)) }
    layout.setAlignment(style.alignment)
    if markup { layout.setMarkup(text) } else { layout.setText(text) }
    if layouts.count >= Self.layoutLimit { layouts.removeAll(keepingCapacity: true) }
    layouts[key] = layout
    return layout
  }

  /// What makes two layouts the same; gray is applied when drawing, not in the layout.
  private struct LayoutKey: Hashable {
    let text: String
    let markup: Bool
    let style: TextStyle
    let width: Double?
  }

  /// Layouts kept for reuse, bounded so that a long batch cannot grow memory.
  private static let layoutLimit = 4096

  private func image(_ path: String) throws -> ImageSurface {
    try images.image(path)
  }

  private func unwrap<T>(_ value: T?) throws -> T {
    guard let value else { throw RenderError.pango(what: "table header") }
    return value
  }
}
