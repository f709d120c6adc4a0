/// One PDF as our renderer writes it — Cairo's classic xref table, a flat page tree, streams with
/// a direct or indirect `/Length` — its cross-reference table read and its page tree checked, for
/// copying its objects into another PDF under new numbers (`PDFJoin`, `PDFSplit`).
///
/// Anything else — an xref stream, object streams, encryption, an incremental update, attributes
/// the pages inherit from the root, a catalog entry a copy would drop, broken offsets — is
/// refused with `PDFUnsupported` rather than guessed at.
struct PDFSource {
  let bytes: UnsafeBufferPointer<UInt8>
  /// The minor version of the header `%PDF-1.x`, as an ASCII digit.
  let version: UInt8
  /// Each object's byte offset by number; negative where the xref lists none or a free entry.
  let offsets: [Int]
  let catalog: Int
  let pageTree: Int
  let info: Int?
  /// The page tree root's kids, each a `/Type /Page` whose `/Parent` is the root.
  let pages: [Int]

  init(_ bytes: UnsafeBufferPointer<UInt8>) throws(PDFUnsupported) {
    self.bytes = bytes
    version = try Self.version(bytes)
    var lexer = PDFLexer(bytes: bytes, position: try Self.startxref(bytes))
    var offsets = try Self.crossReference(&lexer)
    let trailerValue = try lexer.value(try lexer.next())
    let trailer = try Self.dictionary(trailerValue, lexer, what: "the trailer")
    guard case .integer(let size)? = lexer.lookup(trailer, "Size"), size > 0 else {
      throw PDFUnsupported(reason: "the trailer has no /Size")
    }
    // An object takes a byte at the least: a larger /Size is no file of ours, and the table
    // of offsets made for it would exhaust memory.
    guard size <= bytes.count else {
      throw PDFUnsupported(
        reason: "the trailer's /Size \(size) is more objects than its \(bytes.count) bytes hold")
    }
    guard offsets.count <= size else {
      throw PDFUnsupported(
        reason: "the xref lists object \(offsets.count - 1), beyond the trailer's /Size \(size)")
    }
    for (key, reason) in [
      ("Encrypt", "it is encrypted"), ("Prev", "it has an incremental update (/Prev)"),
      ("XRefStm", "it has a hybrid cross-reference stream (/XRefStm)"),
    ] where trailer.contains(where: { lexer.text($0.key) == key }) {
      throw PDFUnsupported(reason: reason)
    }
    guard case .reference(let catalog)? = lexer.lookup(trailer, "Root") else {
      throw PDFUnsupported(reason: "the trailer has no /Root reference")
    }
    switch lexer.lookup(trailer, "Info") {
    case .reference(let number)?: info = number
    case nil: info = nil
    default: throw PDFUnsupported(reason: "the trailer's /Info is not a reference")
    }
    offsets.append(contentsOf: repeatElement(-1, count: size - offsets.count))
    self.offsets = offsets
    self.catalog = catalog
    pageTree = try Self.pageTree(of: catalog, offsets: offsets, lexer)
    guard pageTree != catalog, pageTree != info else {
      throw PDFUnsupported(reason: "the page tree root \(pageTree) is the catalog or info")
    }
    pages = try Self.pages(
      of: pageTree, excluding: [catalog, info ?? catalog], offsets: offsets, lexer)
  }

  /// The catalog's `/Pages`, after checking that the catalog holds nothing else.
  private static func pageTree(of catalog: Int, offsets: [Int], _ lexer: PDFLexer)
    throws(PDFUnsupported) -> Int
  {
    let root = try dictionary(
      value(of: catalog, offsets: offsets, bytes: lexer.bytes), lexer,
      what: "the catalog (\(catalog))")
    guard lexer.lookup(root, "Type").map({ lexer.isName($0, "Catalog") }) == true else {
      throw PDFUnsupported(reason: "object \(catalog), the /Root, is not a /Type /Catalog")
    }
    guard case .reference(let pageTree)? = lexer.lookup(root, "Pages") else {
      throw PDFUnsupported(reason: "the catalog has no /Pages reference")
    }
    if let extra = root.first(where: { !["Type", "Pages"].contains(lexer.text($0.key)) }) {
      throw PDFUnsupported(
        reason: "the catalog has /\(lexer.text(extra.key)), which a copy would drop")
    }
    return pageTree
  }

  /// The page tree root's kids, after checking that nothing is inherited from the root and that
  /// every kid is a page whose parent is the root.
  private static func pages(
    of pageTree: Int, excluding special: [Int], offsets: [Int], _ lexer: PDFLexer
  ) throws(PDFUnsupported) -> [Int] {
    let root = try dictionary(
      value(of: pageTree, offsets: offsets, bytes: lexer.bytes), lexer,
      what: "the page tree root (\(pageTree))")
    for entry in root {
      switch lexer.text(entry.key) {
      case "Type", "Kids", "Count": continue
      case "MediaBox", "Resources", "Rotate", "CropBox":
        throw PDFUnsupported(
          reason: "the page tree root has /\(lexer.text(entry.key)), which its pages inherit")
      case let key:
        throw PDFUnsupported(
          reason: "the page tree root has /\(key), which a copy would drop")
      }
    }
    guard lexer.lookup(root, "Type").map({ lexer.isName($0, "Pages") }) == true,
      case .array(let kids)? = lexer.lookup(root, "Kids"),
      case .integer(let count)? = lexer.lookup(root, "Count")
    else {
      throw PDFUnsupported(
        reason: "the page tree root \(pageTree) is not a /Type /Pages with /Kids and /Count")
    }
    var pages: [Int] = []
    pages.reserveCapacity(kids.count)
    for kid in kids {
      guard case .reference(let page) = kid, page != pageTree, !special.contains(page),
        !pages.contains(page)
      else {
        throw PDFUnsupported(
          reason: "the page tree root's /Kids holds something other than distinct pages")
      }
      let entries = try dictionary(
        value(of: page, offsets: offsets, bytes: lexer.bytes), lexer, what: "page \(page)")
      guard let type = lexer.lookup(entries, "Type"), lexer.isName(type, "Page") else {
        throw PDFUnsupported(
          reason: "kid \(page) of the page tree root is not a /Type /Page (a nested page tree?)")
      }
      guard case .reference(pageTree)? = lexer.lookup(entries, "Parent") else {
        throw PDFUnsupported(reason: "page \(page)'s /Parent is not the page tree root")
      }
      pages.append(page)
    }
    guard count == pages.count, !pages.isEmpty else {
      throw PDFUnsupported(
        reason: "the page tree root's /Count \(count) is not its \(pages.count) kids")
    }
    return pages
  }

  /// The `x` of the header `%PDF-1.x`.
  private static func version(_ bytes: UnsafeBufferPointer<UInt8>) throws(PDFUnsupported)
    -> UInt8
  {
    let header: [UInt8] = Array("%PDF-1.".utf8)
    guard bytes.count > 8, bytes.prefix(header.count).elementsEqual(header),
      (PDFByte.zero...PDFByte.seven).contains(bytes[header.count]), PDFLexer.isSpace(bytes[8])
    else {
      throw PDFUnsupported(reason: "it does not start with a %PDF-1.0 to 1.7 header")
    }
    return bytes[header.count]
  }

  /// The offset after the last `startxref`, checking that `%%EOF` follows it.
  private static func startxref(_ bytes: UnsafeBufferPointer<UInt8>) throws(PDFUnsupported)
    -> Int
  {
    let keyword: [UInt8] = Array("startxref".utf8)
    var at = bytes.count - keyword.count
    let limit = max(0, bytes.count - 1024)
    while at >= limit, !bytes[at..<(at + keyword.count)].elementsEqual(keyword) { at -= 1 }
    guard at >= limit else {
      throw PDFUnsupported(reason: "no startxref in its last 1024 bytes (cut short?)")
    }
    var lexer = PDFLexer(bytes: bytes, position: at + keyword.count)
    let offset: PDFToken
    do { offset = try lexer.next() } catch { throw PDFUnsupported(reason: "bad startxref") }
    var end = offset.end
    while end < bytes.count, PDFLexer.isSpace(bytes[end]) { end += 1 }
    guard offset.kind == .integer, offset.value > 0, offset.value < at,
      bytes[end...].starts(with: "%%EOF".utf8)
    else {
      throw PDFUnsupported(reason: "its startxref is not an offset followed by %%EOF")
    }
    return offset.value
  }

  /// The classic xref table at the lexer's position, every subsection of it, leaving the lexer
  /// after the `trailer` keyword.
  private static func crossReference(_ lexer: inout PDFLexer) throws(PDFUnsupported) -> [Int] {
    let bytes = lexer.bytes
    let start = lexer.position
    let keyword = try lexer.next()
    guard lexer.isKeyword(keyword, "xref") else {
      throw PDFUnsupported(
        reason: keyword.kind == .integer
          ? "its startxref \(start) points at an object: a cross-reference stream"
          : "its startxref \(start) does not point at an xref table")
    }
    // Offsets by object number; -1 for a free entry, -2 for none yet.
    var offsets: [Int] = []
    while true {
      let first = try lexer.next()
      if lexer.isKeyword(first, "trailer") { break }
      let count = try lexer.next()
      guard first.kind == .integer, count.kind == .integer, first.value >= 0, count.value >= 0
      else {
        throw PDFUnsupported(
          reason: "the xref subsection at byte \(first.start) does not start with two numbers")
      }
      var at = count.end
      while at < bytes.count, PDFLexer.isSpace(bytes[at]) { at += 1 }
      guard count.value <= (bytes.count - at) / 20, first.value + count.value <= bytes.count else {
        throw PDFUnsupported(
          reason: "the xref subsection at byte \(first.start) is longer than the file")
      }
      if offsets.count < first.value + count.value {
        offsets.append(
          contentsOf: repeatElement(-2, count: first.value + count.value - offsets.count))
      }
      for index in 0..<count.value {
        let number = first.value + index
        let entry = at + 20 * index
        guard let offset = decimal(bytes, entry, 10),
          let generation = decimal(bytes, entry + 11, 5),
          bytes[entry + 10] == PDFByte.space, bytes[entry + 16] == PDFByte.space,
          PDFLexer.isSpace(bytes[entry + 18]), PDFLexer.isSpace(bytes[entry + 19])
        else {
          throw PDFUnsupported(reason: "the xref entry at byte \(entry) is not 20 bytes")
        }
        guard offsets[number] == -2 else {
          throw PDFUnsupported(reason: "the xref lists object \(number) twice")
        }
        switch bytes[entry + 17] {
        case PDFByte.f: offsets[number] = -1
        case PDFByte.n:
          guard generation == 0 else {
            throw PDFUnsupported(
              reason: "object \(number) has generation \(generation); only 0 is renumbered")
          }
          guard offset > 0, offset < start else {
            throw PDFUnsupported(
              reason: "the xref puts object \(number) at \(offset), outside the file's body")
          }
          offsets[number] = offset
        default:
          throw PDFUnsupported(reason: "the xref entry at byte \(entry) is neither n nor f")
        }
      }
      lexer.position = at + 20 * count.value
    }
    return offsets.map { max($0, -1) }
  }

  /// The unsigned decimal of `width` digits at `at`, or nil.
  private static func decimal(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int, _ width: Int)
    -> Int?
  {
    var value = 0
    for byte in bytes[at..<(at + width)] {
      guard byte >= PDFByte.zero, byte <= PDFByte.nine else { return nil }
      value = value * 10 + Int(byte - PDFByte.zero)
    }
    return value
  }

  private static func dictionary(_ value: PDFValue, _ lexer: PDFLexer, what: String)
    throws(PDFUnsupported) -> [PDFEntry]
  {
    guard case .dictionary(let entries) = value else {
      throw PDFUnsupported(reason: "\(what) is not a dictionary")
    }
    return entries
  }

  /// A lexer just after `number 0 obj`, having checked that the xref's offset points there.
  static func lexer(at number: Int, offsets: [Int], bytes: UnsafeBufferPointer<UInt8>)
    throws(PDFUnsupported) -> PDFLexer
  {
    guard number >= 0, number < offsets.count, offsets[number] >= 0 else {
      throw PDFUnsupported(reason: "object \(number) is not in the xref")
    }
    var lexer = PDFLexer(bytes: bytes, position: offsets[number])
    let header = (try lexer.next(), try lexer.next(), try lexer.next())
    guard header.0.start == offsets[number], header.0.kind == .integer,
      header.0.value == number, header.1.kind == .integer, header.1.value == 0,
      lexer.isKeyword(header.2, "obj")
    else {
      throw PDFUnsupported(
        reason: "the xref puts object \(number) at \(offsets[number]), where there is no "
          + "'\(number) 0 obj'")
    }
    return lexer
  }

  /// The whole value of object `number`, which must not be a stream.
  static func value(of number: Int, offsets: [Int], bytes: UnsafeBufferPointer<UInt8>)
    throws(PDFUnsupported) -> PDFValue
  {
    var lexer = try lexer(at: number, offsets: offsets, bytes: bytes)
    let value = try lexer.value(try lexer.next())
    guard lexer.isKeyword(try lexer.next(), "endobj") else {
      throw PDFUnsupported(reason: "object \(number)'s value is not followed by endobj")
    }
    return value
  }
}
