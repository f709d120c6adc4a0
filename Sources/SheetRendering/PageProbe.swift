/// A one-page sample that exercises the whole Cairo/Pango path, for tests of the PDF boundary.
enum PageProbe {
  /// Left, right and top margin in points (20 mm).
  static let margin = 56.69

  /// Writes one A4 page: the first line as a title in PT Sans Bold 12, the rest in PT Serif 9,
  /// each wrapped to the width between the margins.
  static func writeSamplePage(to path: String, lines: [String]) throws {
    let surface = try PDFSurface(path: path)
    let context = try DrawingContext(surface: surface)
    let width = surface.width - 2 * margin
    let titleFont = try FontDescription("PT Sans Bold 12")
    let bodyFont = try FontDescription("PT Serif 9")
    context.setGray(0)
    var y = margin
    for (index, line) in lines.enumerated() {
      let layout = try TextLayout(context: context)
      layout.setFont(index == 0 ? titleFont : bodyFont)
      layout.setWidth(width)
      layout.setText(line)
      layout.draw(x: margin, y: y)
      y += layout.size.height + (index == 0 ? 6 : 2)
    }
    try context.check()
    try surface.finish()
  }
}
