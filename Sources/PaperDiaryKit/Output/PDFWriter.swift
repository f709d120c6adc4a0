/// A PDF made of objects copied from others (a join of documents, or one part of a split), as it
/// grows: the header, the copied objects, and at the end its own catalog and page tree root
/// (objects 1 and 2, numbered first and written last), the xref table and the trailer.
struct PDFWriter {
  static let catalog = 1
  static let pageTree = 2
  var bytes: [UInt8] = []
  /// Each object's offset by number; objects 1 and 2 are written last.
  var offsets: [Int] = [0, 0, 0]
  /// The highest `x` of the sources' `%PDF-1.x`, written into the header.
  var version = PDFByte.four

  init(capacity: Int) {
    bytes.reserveCapacity(capacity)
    // A comment line of bytes above 127 tells transfer programs that the file is binary.
    bytes.append(
      contentsOf: Array("%PDF-1.4\n%".utf8) + [0xB5, 0xED, 0xAE, 0xFB, PDFByte.lineFeed])
  }

  var nextNumber: Int { offsets.count }

  mutating func begin(object number: Int) {
    precondition(number == offsets.count, "objects are written in the order they are numbered")
    offsets.append(bytes.count)
    append(number: number)
    append(" 0 obj")
  }

  /// Takes back the object written last, as if it had never been begun.
  mutating func removeLastObject() {
    precondition(offsets.count > 3, "objects 1 and 2 are not taken back")
    bytes.removeSubrange(offsets.removeLast()...)
  }

  mutating func append(_ text: StaticString) {
    text.withUTF8Buffer { bytes.append(contentsOf: $0) }
  }

  mutating func append(_ source: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[range]))
  }

  mutating func append(number: Int) {
    var width = 1
    var rest = number
    while rest >= 10 {
      rest /= 10
      width += 1
    }
    append(number, width: width)
  }

  /// `number` in `width` digits, zero-padded on the left.
  mutating func append(_ number: Int, width: Int) {
    let end = bytes.count + width
    bytes.append(contentsOf: repeatElement(PDFByte.zero, count: width))
    var rest = number
    var at = end - 1
    while rest > 0 {
      bytes[at] = PDFByte.zero + UInt8(rest % 10)
      rest /= 10
      at -= 1
    }
  }

  /// Writes the catalog, the page tree root over `pages`, the xref table and the trailer, which
  /// names `info` (an object already written) as the document information.
  mutating func finish(pages: [Int], info: Int? = nil) {
    bytes[7] = version
    offsets[Self.catalog] = bytes.count
    append("1 0 obj\n<< /Type /Catalog\n   /Pages 2 0 R\n>>\nendobj\n")
    offsets[Self.pageTree] = bytes.count
    append("2 0 obj\n<< /Type /Pages\n   /Kids [")
    for (index, page) in pages.enumerated() {
      append(index % 8 == 7 ? "\n     " : " ")
      append(number: page)
      append(" 0 R")
    }
    append(" ]\n   /Count ")
    append(number: pages.count)
    append("\n>>\nendobj\n")
    let xref = bytes.count
    append("xref\n0 ")
    append(number: offsets.count)
    append("\n0000000000 65535 f \n")
    for offset in offsets.dropFirst() {
      append(offset, width: 10)
      append(" 00000 n \n")
    }
    append("trailer\n<< /Size ")
    append(number: offsets.count)
    append("\n   /Root 1 0 R")
    if let info {
      append("\n   /Info ")
      append(number: info)
      append(" 0 R")
    }
    append("\n>>\nstartxref\n")
    append(number: xref)
    append("\n%%EOF\n")
  }
}
