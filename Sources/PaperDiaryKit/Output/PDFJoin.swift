/// Joins whole PDF documents page after page into one, as `qpdf --empty --pages` does, for the
/// documents our own renderer writes (`PDFSource` says which those are).
///
/// Every object but each input's catalog, page tree root and info dictionary is copied as it
/// stands with its references renumbered; stream data is copied byte for byte, never decoded.
/// Whatever `PDFSource` does not understand is refused with `Unsupported` rather than guessed
/// at, and the caller joins with qpdf instead.
enum PDFJoin {
  /// An input the joiner does not understand: which document, where, and what.
  typealias Unsupported = PDFUnsupported

  /// The pages of `documents` in order, as one PDF.
  static func join(_ documents: [[UInt8]]) throws(Unsupported) -> [UInt8] {
    guard !documents.isEmpty else { throw Unsupported(reason: "there are no documents to join") }
    var writer = PDFWriter(capacity: documents.reduce(1024) { $0 + $1.count + 64 })
    var pages: [Int] = []
    for (index, document) in documents.enumerated() {
      try document.withUnsafeBufferPointer { bytes throws(Unsupported) in
        do throws(Unsupported) {
          let source = try PDFSource(bytes)
          try source.copyAll(into: &writer, pages: &pages)
        } catch {
          throw Unsupported(
            reason: "document \(index + 1) of \(documents.count): \(error.reason)")
        }
      }
    }
    writer.finish(pages: pages)
    return writer.bytes
  }
}

// MARK: - Copying one document

extension PDFSource {
  /// Appends every object but the catalog, page tree root and info, renumbered from the
  /// writer's next number, and this document's pages to `pages`.
  fileprivate func copyAll(into writer: inout PDFWriter, pages: inout [Int])
    throws(PDFUnsupported)
  {
    writer.version = max(writer.version, version)
    var numbers = [Int](repeating: 0, count: offsets.count)
    var next = writer.nextNumber
    for number in offsets.indices where copied(number) {
      numbers[number] = next
      next += 1
    }
    numbers[pageTree] = PDFWriter.pageTree
    for number in offsets.indices where copied(number) {
      try copy(number, try object(number), numbers: numbers, into: &writer)
    }
    pages.append(contentsOf: self.pages.map { numbers[$0] })
  }

  private func copied(_ number: Int) -> Bool {
    offsets[number] >= 0 && number != catalog && number != pageTree && number != info
  }
}
