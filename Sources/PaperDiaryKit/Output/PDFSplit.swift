/// Cuts one PDF of several documents (`DocumentRenderer.render(_:[PageDocument]…)`) into one
/// PDF per document.
///
/// Each part gets its pages and everything they use — content, fonts, images — copied byte for
/// byte under new numbers, with its own page tree, catalog and the batch's document
/// information. The fonts are the batch's subsets, so a part embeds every glyph it shows.
enum PDFSplit {
  typealias Unsupported = PDFObjects.Unsupported

  /// The parts, `pageCounts[i]` pages each, in order; the counts must add up to the pages.
  static func split(_ pdf: [UInt8], pageCounts: [Int]) throws(Unsupported) -> [[UInt8]] {
    var objects = try PDFObjects(pdf)
    let (pagesRoot, kids) = try objects.pages()
    guard pageCounts.reduce(0, +) == kids.count, pageCounts.allSatisfy({ $0 > 0 }) else {
      throw Unsupported(reason: "\(kids.count) pages for documents of \(pageCounts) pages")
    }
    let capacity = pdf.count / max(1, pageCounts.count)
    var parts: [[UInt8]] = []
    parts.reserveCapacity(pageCounts.count)
    var first = 0
    for count in pageCounts {
      let pages = Array(kids[first..<first + count])
      first += count
      parts.append(
        try part(pages, of: &objects, pagesRoot: pagesRoot, capacity: capacity + capacity / 4))
    }
    return parts
  }

  /// One part: the objects `pages` reach (never through `/Parent`), renumbered in the order
  /// they are met, then the new page tree, catalog and information dictionary.
  private static func part(
    _ pages: [Int], of objects: inout PDFObjects, pagesRoot: Int, capacity: Int
  ) throws(Unsupported) -> [UInt8] {
    var order: [Int] = []
    var numbers: [Int: Int] = [:]
    var queue = pages
    while let number = queue.popLast() {
      guard numbers[number] == nil, number != pagesRoot else { continue }
      order.append(number)
      numbers[number] = order.count
      for reference in try objects.object(number).references.reversed()
      where numbers[reference.number] == nil {
        queue.append(reference.number)
      }
    }
    let treeNumber = order.count + 1
    numbers[pagesRoot] = treeNumber
    var writer = PDFWriter(capacity: capacity)
    for number in order {
      try writer.object { (out) throws(Unsupported) in
        try objects.copyBody(of: number, to: &out) { (target) throws(Unsupported) in
          guard let mapped = numbers[target] else {
            throw Unsupported(reason: "object \(number) refers outside its pages")
          }
          return mapped
        }
      }
    }
    let kids = pages.compactMap { numbers[$0] }.map { "\($0) 0 R" }.joined(separator: " ")
    try writer.object { out in
      out.append(contentsOf: "<< /Type /Pages /Kids [ \(kids) ] /Count \(pages.count) >>".utf8)
    }
    try writer.object { out in
      out.append(contentsOf: "<< /Type /Catalog /Pages \(treeNumber) 0 R >>".utf8)
    }
    var info: Int?
    if let source = objects.info {
      info = writer.nextNumber
      try writer.object { (out) throws(Unsupported) in
        try objects.copyBody(of: source, to: &out) { (target) throws(Unsupported) in
          throw Unsupported(reason: "the document information refers to object \(target)")
        }
      }
    }
    return writer.finish(root: treeNumber + 1, info: info)
  }
}
