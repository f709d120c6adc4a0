/// Cuts one PDF of several documents (`DocumentRenderer.render(_:[PageDocument]…)`) into one
/// PDF per document, for the PDFs `PDFSource` reads.
///
/// Each part gets its pages and every object they reach — content, fonts, images, but never the
/// page tree through `/Parent` — copied in the source's order under new numbers, stream data
/// byte for byte, with its own page tree and catalog and a copy of the source's document
/// information (producer, creation date). The fonts are the batch's subsets, so a part embeds
/// every glyph it shows. A page that reaches the catalog or another part's page is refused, as
/// is whatever `PDFSource` does not understand, and the caller draws the documents one by one.
enum PDFSplit {
  /// An input the splitter does not understand, or page counts that do not fit it.
  typealias Unsupported = PDFUnsupported

  /// The parts, `pageCounts[i]` pages each, in order; the counts must add up to the pages.
  static func split(_ pdf: [UInt8], pageCounts: [Int]) throws(Unsupported) -> [[UInt8]] {
    try pdf.withUnsafeBufferPointer { bytes throws(Unsupported) in
      var cutter = try Cutter(PDFSource(bytes), pageCounts: pageCounts)
      var parts: [[UInt8]] = []
      parts.reserveCapacity(pageCounts.count)
      var first = 0
      for (index, count) in pageCounts.enumerated() {
        do throws(Unsupported) {
          parts.append(try cutter.part(cutter.source.pages[first..<(first + count)]))
        } catch {
          throw Unsupported(
            reason: "document \(index + 1) of \(pageCounts.count) (pages \(first + 1)–"
              + "\(first + count)): \(error.reason)")
        }
        first += count
      }
      return parts
    }
  }
}

/// The source and what is known of its objects, kept from one part to the next: an object that
/// several parts share (a font, an image) is walked once.
private struct Cutter {
  let source: PDFSource
  /// The objects walked so far, by number.
  private var objects: [PDFSource.Object?]
  /// The document each page belongs to, by object number; -1 for an object that is no page.
  private let document: [Int]

  init(_ source: PDFSource, pageCounts: [Int]) throws(PDFUnsupported) {
    let pages = source.pages.count
    guard !pageCounts.isEmpty, pageCounts.allSatisfy({ $0 > 0 && $0 <= pages }),
      pageCounts.reduce(0, +) == pages
    else {
      throw PDFUnsupported(
        reason: "the PDF has \(pages) pages, not documents of \(pageCounts) pages (each at least "
          + "one, adding up to \(pages))")
    }
    var document = [Int](repeating: -1, count: source.offsets.count)
    var next = 0
    for (index, count) in pageCounts.enumerated() {
      for page in source.pages[next..<(next + count)] { document[page] = index }
      next += count
    }
    self.source = source
    self.document = document
    objects = Array(repeating: nil, count: source.offsets.count)
  }

  /// One part: `pages` and every object they reach, renumbered in the source's order from 3,
  /// then the document information, page tree root and catalog.
  mutating func part(_ pages: ArraySlice<Int>) throws(PDFUnsupported) -> [UInt8] {
    // 1 for each object the part copies, until the objects are numbered.
    var numbers = [Int](repeating: 0, count: source.offsets.count)
    for page in pages { numbers[page] = 1 }
    var reached = Array(pages)
    var size = 0
    var count = 0
    while let number = reached.popLast() {
      let object = try object(number)
      size += object.body.count
      count += 1
      for reference in object.references {
        let target = reference.target
        if target == source.pageTree { continue }
        guard target < numbers.count, source.offsets[target] >= 0, target != source.catalog,
          target != source.info
        else { throw source.refusal(of: target, from: number) }
        guard numbers[target] == 0 else { continue }
        guard document[target] < 0 else {
          throw PDFUnsupported(
            reason: "object \(number) refers to page \(target), which is document "
              + "\(document[target] + 1)'s")
        }
        numbers[target] = 1
        reached.append(target)
      }
    }
    var information: PDFSource.Object?
    if let info = source.info {
      let object = try object(info)
      if let reference = object.references.first {
        throw PDFUnsupported(
          reason: "the info dictionary (\(info)) refers to object \(reference.target), "
            + "which a part would not have")
      }
      size += object.body.count
      count += 1
      information = object
    }
    var writer = PDFWriter(capacity: 1024 + size + count * 40 + pages.count * 12)
    writer.version = max(writer.version, source.version)
    var next = writer.nextNumber
    for number in numbers.indices where numbers[number] != 0 {
      numbers[number] = next
      next += 1
    }
    numbers[source.pageTree] = PDFWriter.pageTree
    for number in numbers.indices where numbers[number] > PDFWriter.pageTree {
      try source.copy(number, try object(number), numbers: numbers, into: &writer)
    }
    if let info = source.info, let information {
      numbers[info] = next
      try source.copy(info, information, numbers: numbers, into: &writer)
    }
    writer.finish(pages: pages.map { numbers[$0] }, info: source.info.map { numbers[$0] })
    return writer.bytes
  }

  /// Object `number`, walked the first time it is asked for.
  private mutating func object(_ number: Int) throws(PDFUnsupported) -> PDFSource.Object {
    if let object = objects[number] { return object }
    let object = try source.object(number)
    objects[number] = object
    return object
  }
}
