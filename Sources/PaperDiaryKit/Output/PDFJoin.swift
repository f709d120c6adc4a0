/// Joins whole PDF documents page after page into one, as `qpdf --empty --pages` does, for the
/// documents our own renderer writes: Cairo's classic xref table, a flat page tree, streams with
/// a direct or indirect `/Length`.
///
/// Every object but each input's catalog, page tree root and info dictionary is copied as it
/// stands with its references renumbered; stream data is copied byte for byte, never decoded.
/// Anything else — an xref stream, object streams, encryption, an incremental update, attributes
/// the pages inherit from the root, a catalog entry the join would drop, broken offsets — is
/// refused with `Unsupported` rather than guessed at, and the caller joins with qpdf instead.
enum PDFJoin {
  /// An input the joiner does not understand: which document, where, and what.
  struct Unsupported: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
  }

  /// The pages of `documents` in order, as one PDF.
  static func join(_ documents: [[UInt8]]) throws(Unsupported) -> [UInt8] {
    guard !documents.isEmpty else { throw Unsupported(reason: "there are no documents to join") }
    var writer = Writer(capacity: documents.reduce(1024) { $0 + $1.count + 64 })
    var pages: [Int] = []
    for (index, document) in documents.enumerated() {
      try document.withUnsafeBufferPointer { bytes throws(Unsupported) in
        do throws(PDFJoin.Unsupported) {
          let source = try Source(bytes)
          try source.copy(into: &writer, pages: &pages)
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

// MARK: - Reading one document

/// One input document, its cross-reference table read and its page tree checked.
private struct Source {
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

  init(_ bytes: UnsafeBufferPointer<UInt8>) throws(PDFJoin.Unsupported) {
    self.bytes = bytes
    version = try Self.version(bytes)
    var lexer = Lexer(bytes: bytes, position: try Self.startxref(bytes))
    var offsets = try Self.crossReference(&lexer)
    let trailerValue = try lexer.value(try lexer.next())
    let trailer = try Self.dictionary(trailerValue, lexer, what: "the trailer")
    guard case .integer(let size)? = lexer.lookup(trailer, "Size"), size > 0 else {
      throw PDFJoin.Unsupported(reason: "the trailer has no /Size")
    }
    guard offsets.count <= size else {
      throw PDFJoin.Unsupported(
        reason: "the xref lists object \(offsets.count - 1), beyond the trailer's /Size \(size)")
    }
    for (key, reason) in [
      ("Encrypt", "it is encrypted"), ("Prev", "it has an incremental update (/Prev)"),
      ("XRefStm", "it has a hybrid cross-reference stream (/XRefStm)"),
    ] where trailer.contains(where: { lexer.text($0.key) == key }) {
      throw PDFJoin.Unsupported(reason: reason)
    }
    guard case .reference(let catalog)? = lexer.lookup(trailer, "Root") else {
      throw PDFJoin.Unsupported(reason: "the trailer has no /Root reference")
    }
    switch lexer.lookup(trailer, "Info") {
    case .reference(let number)?: info = number
    case nil: info = nil
    default: throw PDFJoin.Unsupported(reason: "the trailer's /Info is not a reference")
    }
    offsets.append(contentsOf: repeatElement(-1, count: size - offsets.count))
    self.offsets = offsets
    self.catalog = catalog
    pageTree = try Self.pageTree(of: catalog, offsets: offsets, lexer)
    guard pageTree != catalog, pageTree != info else {
      throw PDFJoin.Unsupported(reason: "the page tree root \(pageTree) is the catalog or info")
    }
    pages = try Self.pages(
      of: pageTree, excluding: [catalog, info ?? catalog], offsets: offsets, lexer)
  }

  /// The catalog's `/Pages`, after checking that the catalog holds nothing else.
  private static func pageTree(of catalog: Int, offsets: [Int], _ lexer: Lexer)
    throws(PDFJoin.Unsupported) -> Int
  {
    let root = try dictionary(
      value(of: catalog, offsets: offsets, bytes: lexer.bytes), lexer,
      what: "the catalog (\(catalog))")
    guard lexer.lookup(root, "Type").map({ lexer.isName($0, "Catalog") }) == true else {
      throw PDFJoin.Unsupported(reason: "object \(catalog), the /Root, is not a /Type /Catalog")
    }
    guard case .reference(let pageTree)? = lexer.lookup(root, "Pages") else {
      throw PDFJoin.Unsupported(reason: "the catalog has no /Pages reference")
    }
    if let extra = root.first(where: { !["Type", "Pages"].contains(lexer.text($0.key)) }) {
      throw PDFJoin.Unsupported(
        reason: "the catalog has /\(lexer.text(extra.key)), which the join would drop")
    }
    return pageTree
  }

  /// The page tree root's kids, after checking that nothing is inherited from the root and that
  /// every kid is a page whose parent is the root.
  private static func pages(
    of pageTree: Int, excluding special: [Int], offsets: [Int], _ lexer: Lexer
  ) throws(PDFJoin.Unsupported) -> [Int] {
    let root = try dictionary(
      value(of: pageTree, offsets: offsets, bytes: lexer.bytes), lexer,
      what: "the page tree root (\(pageTree))")
    for entry in root {
      switch lexer.text(entry.key) {
      case "Type", "Kids", "Count": continue
      case "MediaBox", "Resources", "Rotate", "CropBox":
        throw PDFJoin.Unsupported(
          reason: "the page tree root has /\(lexer.text(entry.key)), which its pages inherit")
      case let key:
        throw PDFJoin.Unsupported(
          reason: "the page tree root has /\(key), which the join would drop")
      }
    }
    guard lexer.lookup(root, "Type").map({ lexer.isName($0, "Pages") }) == true,
      case .array(let kids)? = lexer.lookup(root, "Kids"),
      case .integer(let count)? = lexer.lookup(root, "Count")
    else {
      throw PDFJoin.Unsupported(
        reason: "the page tree root \(pageTree) is not a /Type /Pages with /Kids and /Count")
    }
    var pages: [Int] = []
    pages.reserveCapacity(kids.count)
    for kid in kids {
      guard case .reference(let page) = kid, page != pageTree, !special.contains(page),
        !pages.contains(page)
      else {
        throw PDFJoin.Unsupported(
          reason: "the page tree root's /Kids holds something other than distinct pages")
      }
      let entries = try dictionary(
        value(of: page, offsets: offsets, bytes: lexer.bytes), lexer, what: "page \(page)")
      guard let type = lexer.lookup(entries, "Type"), lexer.isName(type, "Page") else {
        throw PDFJoin.Unsupported(
          reason: "kid \(page) of the page tree root is not a /Type /Page (a nested page tree?)")
      }
      guard case .reference(pageTree)? = lexer.lookup(entries, "Parent") else {
        throw PDFJoin.Unsupported(reason: "page \(page)'s /Parent is not the page tree root")
      }
      pages.append(page)
    }
    guard count == pages.count, !pages.isEmpty else {
      throw PDFJoin.Unsupported(
        reason: "the page tree root's /Count \(count) is not its \(pages.count) kids")
    }
    return pages
  }

  /// The `x` of the header `%PDF-1.x`.
  private static func version(_ bytes: UnsafeBufferPointer<UInt8>) throws(PDFJoin.Unsupported)
    -> UInt8
  {
    let header: [UInt8] = Array("%PDF-1.".utf8)
    guard bytes.count > 8, bytes.prefix(header.count).elementsEqual(header),
      (ASCII.zero...ASCII.seven).contains(bytes[header.count]), Lexer.isSpace(bytes[8])
    else {
      throw PDFJoin.Unsupported(reason: "it does not start with a %PDF-1.0 to 1.7 header")
    }
    return bytes[header.count]
  }

  /// The offset after the last `startxref`, checking that `%%EOF` follows it.
  private static func startxref(_ bytes: UnsafeBufferPointer<UInt8>) throws(PDFJoin.Unsupported)
    -> Int
  {
    let keyword: [UInt8] = Array("startxref".utf8)
    var at = bytes.count - keyword.count
    let limit = max(0, bytes.count - 1024)
    while at >= limit, !bytes[at..<(at + keyword.count)].elementsEqual(keyword) { at -= 1 }
    guard at >= limit else {
      throw PDFJoin.Unsupported(reason: "no startxref in its last 1024 bytes (cut short?)")
    }
    var lexer = Lexer(bytes: bytes, position: at + keyword.count)
    let offset: Token
    do { offset = try lexer.next() } catch { throw PDFJoin.Unsupported(reason: "bad startxref") }
    var end = offset.end
    while end < bytes.count, Lexer.isSpace(bytes[end]) { end += 1 }
    guard offset.kind == .integer, offset.value > 0, offset.value < at,
      bytes[end...].starts(with: "%%EOF".utf8)
    else {
      throw PDFJoin.Unsupported(reason: "its startxref is not an offset followed by %%EOF")
    }
    return offset.value
  }

  /// The classic xref table at the lexer's position, every subsection of it, leaving the lexer
  /// after the `trailer` keyword.
  private static func crossReference(_ lexer: inout Lexer) throws(PDFJoin.Unsupported) -> [Int] {
    let bytes = lexer.bytes
    let start = lexer.position
    let keyword = try lexer.next()
    guard lexer.isKeyword(keyword, "xref") else {
      throw PDFJoin.Unsupported(
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
        throw PDFJoin.Unsupported(
          reason: "the xref subsection at byte \(first.start) does not start with two numbers")
      }
      var at = count.end
      while at < bytes.count, Lexer.isSpace(bytes[at]) { at += 1 }
      guard count.value <= (bytes.count - at) / 20, first.value + count.value <= bytes.count else {
        throw PDFJoin.Unsupported(
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
          bytes[entry + 10] == ASCII.space, bytes[entry + 16] == ASCII.space,
          Lexer.isSpace(bytes[entry + 18]), Lexer.isSpace(bytes[entry + 19])
        else {
          throw PDFJoin.Unsupported(reason: "the xref entry at byte \(entry) is not 20 bytes")
        }
        guard offsets[number] == -2 else {
          throw PDFJoin.Unsupported(reason: "the xref lists object \(number) twice")
        }
        switch bytes[entry + 17] {
        case ASCII.f: offsets[number] = -1
        case ASCII.n:
          guard generation == 0 else {
            throw PDFJoin.Unsupported(
              reason: "object \(number) has generation \(generation); only 0 is renumbered")
          }
          guard offset > 0, offset < start else {
            throw PDFJoin.Unsupported(
              reason: "the xref puts object \(number) at \(offset), outside the file's body")
          }
          offsets[number] = offset
        default:
          throw PDFJoin.Unsupported(reason: "the xref entry at byte \(entry) is neither n nor f")
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
      guard byte >= ASCII.zero, byte <= ASCII.nine else { return nil }
      value = value * 10 + Int(byte - ASCII.zero)
    }
    return value
  }

  private static func dictionary(_ value: Value, _ lexer: Lexer, what: String)
    throws(PDFJoin.Unsupported) -> [Entry]
  {
    guard case .dictionary(let entries) = value else {
      throw PDFJoin.Unsupported(reason: "\(what) is not a dictionary")
    }
    return entries
  }

  /// A lexer just after `number 0 obj`, having checked that the xref's offset points there.
  static func object(_ number: Int, offsets: [Int], bytes: UnsafeBufferPointer<UInt8>)
    throws(PDFJoin.Unsupported) -> Lexer
  {
    guard number >= 0, number < offsets.count, offsets[number] >= 0 else {
      throw PDFJoin.Unsupported(reason: "object \(number) is not in the xref")
    }
    var lexer = Lexer(bytes: bytes, position: offsets[number])
    let header = (try lexer.next(), try lexer.next(), try lexer.next())
    guard header.0.start == offsets[number], header.0.kind == .integer,
      header.0.value == number, header.1.kind == .integer, header.1.value == 0,
      lexer.isKeyword(header.2, "obj")
    else {
      throw PDFJoin.Unsupported(
        reason: "the xref puts object \(number) at \(offsets[number]), where there is no "
          + "'\(number) 0 obj'")
    }
    return lexer
  }

  /// The whole value of object `number`, which must not be a stream.
  private static func value(of number: Int, offsets: [Int], bytes: UnsafeBufferPointer<UInt8>)
    throws(PDFJoin.Unsupported) -> Value
  {
    var lexer = try object(number, offsets: offsets, bytes: bytes)
    let value = try lexer.value(try lexer.next())
    guard lexer.isKeyword(try lexer.next(), "endobj") else {
      throw PDFJoin.Unsupported(reason: "object \(number)'s value is not followed by endobj")
    }
    return value
  }
}

// MARK: - Copying one document

extension Source {
  /// Appends every object but the catalog, page tree root and info, renumbered from the
  /// writer's next number, and this document's pages to `pages`.
  func copy(into writer: inout Writer, pages: inout [Int]) throws(PDFJoin.Unsupported) {
    writer.version = max(writer.version, version)
    var numbers = [Int](repeating: 0, count: offsets.count)
    var next = writer.nextNumber
    for number in offsets.indices where copied(number) {
      numbers[number] = next
      next += 1
    }
    numbers[pageTree] = Writer.pageTree
    for number in offsets.indices where copied(number) {
      try copyObject(number, numbers: numbers, into: &writer)
    }
    pages.append(contentsOf: self.pages.map { numbers[$0] })
  }

  private func copied(_ number: Int) -> Bool {
    offsets[number] >= 0 && number != catalog && number != pageTree && number != info
  }

  /// Copies one object: its value with every `n 0 R` renumbered, then its stream (if any) and
  /// `endobj` byte for byte.
  private func copyObject(_ number: Int, numbers: [Int], into writer: inout Writer)
    throws(PDFJoin.Unsupported)
  {
    var lexer = try Self.object(number, offsets: offsets, bytes: bytes)
    writer.begin(object: numbers[number])
    var copiedTo = lexer.position
    var depth = 0
    var earlier = Token.none
    var previous = Token.none
    /// The token after a `/Length` key of the object's own dictionary, and the object it
    /// refers to when it is a reference.
    var length = Token.none
    var lengthObject: Int?
    var lengthKey = false
    while true {
      let token = try lexer.next()
      switch token.kind {
      case .end:
        throw PDFJoin.Unsupported(reason: "object \(number) has no endobj")
      case .dictionaryOpen, .arrayOpen:
        depth += 1
      case .dictionaryClose, .arrayClose:
        depth -= 1
        guard depth >= 0 else {
          throw PDFJoin.Unsupported(reason: "object \(number) closes more than it opens")
        }
      case .name:
        if lexer.isName(token, "ObjStm") || lexer.isName(token, "XRef") {
          throw PDFJoin.Unsupported(
            reason: "object \(number) is an object or cross-reference stream")
        }
      case .keyword where lexer.isKeyword(token, "R"):
        guard earlier.kind == .integer, previous.kind == .integer, earlier.value >= 0 else {
          throw PDFJoin.Unsupported(
            reason: "object \(number) has an R at byte \(token.start) "
              + "that does not end a reference")
        }
        guard previous.value == 0 else {
          throw PDFJoin.Unsupported(
            reason: "object \(number) refers to generation \(previous.value) of an object")
        }
        if earlier.start == length.start { lengthObject = earlier.value }
        writer.append(bytes, copiedTo..<earlier.start)
        writer.append(number: try renumbered(earlier.value, numbers, from: number))
        writer.append(" 0 R")
        copiedTo = token.end
      case .keyword where lexer.isKeyword(token, "endobj"):
        guard depth == 0 else {
          throw PDFJoin.Unsupported(reason: "object \(number) ends inside a dictionary or array")
        }
        writer.append(bytes, copiedTo..<token.end)
        writer.append("\n")
        return
      case .keyword where lexer.isKeyword(token, "stream"):
        guard depth == 0 else {
          throw PDFJoin.Unsupported(reason: "object \(number)'s stream starts inside its value")
        }
        let end = try streamEnd(
          of: number, keyword: token, length: length, lengthObject: lengthObject, lexer: &lexer)
        writer.append(bytes, copiedTo..<end)
        writer.append("\n")
        return
      case .keyword:
        guard
          lexer.isKeyword(token, "true") || lexer.isKeyword(token, "false")
            || lexer.isKeyword(token, "null")
        else {
          throw PDFJoin.Unsupported(
            reason: "object \(number) has '\(lexer.text(token.start..<token.end))' at byte "
              + "\(token.start)")
        }
      default:
        break
      }
      if lengthKey { length = token }
      lengthKey = depth == 1 && token.kind == .name && lexer.isName(token, "Length")
      earlier = previous
      previous = token
    }
  }

  /// The end of `endobj` after the stream whose `stream` keyword is `keyword`, its data
  /// skipped by its `/Length`: the integer `token`, or the integer object `lengthObject`.
  private func streamEnd(
    of number: Int, keyword: Token, length token: Token, lengthObject: Int?,
    lexer: inout Lexer
  ) throws(PDFJoin.Unsupported) -> Int {
    let length: Int
    if let lengthObject {
      let value = try Self.value(of: lengthObject, offsets: offsets, bytes: bytes)
      guard case .integer(let value) = value, value >= 0 else {
        throw PDFJoin.Unsupported(
          reason: "object \(number)'s /Length \(lengthObject) 0 R is not a whole number")
      }
      length = value
    } else if token.kind == .integer, token.value >= 0 {
      length = token.value
    } else {
      throw PDFJoin.Unsupported(reason: "object \(number)'s stream has no /Length")
    }
    var start = keyword.end
    if start < bytes.count, bytes[start] == ASCII.carriageReturn { start += 1 }
    guard start < bytes.count, bytes[start] == ASCII.lineFeed,
      length <= bytes.count - start - 1
    else {
      throw PDFJoin.Unsupported(
        reason: "object \(number)'s stream at byte \(keyword.start) is cut short or its "
          + "keyword is not followed by an end of line")
    }
    lexer.position = start + 1 + length
    let wrong = PDFJoin.Unsupported(
      reason: "object \(number)'s stream data is not followed by endstream and endobj "
        + "(a wrong /Length \(length)?)")
    let (endstream, endobj): (Token, Token)
    do { (endstream, endobj) = (try lexer.next(), try lexer.next()) } catch { throw wrong }
    guard lexer.isKeyword(endstream, "endstream"), lexer.isKeyword(endobj, "endobj"),
      bytes[(start + 1 + length)..<endstream.start].allSatisfy(Lexer.isSpace)
    else { throw wrong }
    return endobj.end
  }

  /// The new number of object `target`, referred to from object `number`.
  private func renumbered(_ target: Int, _ numbers: [Int], from number: Int)
    throws(PDFJoin.Unsupported) -> Int
  {
    if target < numbers.count, numbers[target] > 0 { return numbers[target] }
    let what =
      switch target {
      case catalog: "the catalog"
      case info: "the info dictionary"
      default: "object \(target), which is not in the xref"
      }
    throw PDFJoin.Unsupported(reason: "object \(number) refers to \(what)")
  }
}

// MARK: - Writing

/// The joined file as it grows: the header, the copied objects, and at the end the one catalog
/// and page tree root (objects 1 and 2), the xref table and the trailer.
private struct Writer {
  static let catalog = 1
  static let pageTree = 2
  var bytes: [UInt8] = []
  /// Each object's offset by number; objects 1 and 2 are written last.
  var offsets: [Int] = [0, 0, 0]
  /// The highest `x` of the inputs' `%PDF-1.x`, written into the header.
  var version = ASCII.four

  init(capacity: Int) {
    bytes.reserveCapacity(capacity)
    // A comment line of bytes above 127 tells transfer programs that the file is binary.
    bytes.append(contentsOf: Array("%PDF-1.4\n%".utf8) + [0xB5, 0xED, 0xAE, 0xFB, ASCII.lineFeed])
  }

  var nextNumber: Int { offsets.count }

  mutating func begin(object number: Int) {
    precondition(number == offsets.count, "objects are written in the order they are numbered")
    offsets.append(bytes.count)
    append(number: number)
    append(" 0 obj")
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
    bytes.append(contentsOf: repeatElement(ASCII.zero, count: width))
    var rest = number
    var at = end - 1
    while rest > 0 {
      bytes[at] = ASCII.zero + UInt8(rest % 10)
      rest /= 10
      at -= 1
    }
  }

  /// Writes the catalog, the page tree root over `pages`, the xref table and the trailer.
  mutating func finish(pages: [Int]) {
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
    append("\n   /Root 1 0 R\n>>\nstartxref\n")
    append(number: xref)
    append("\n%%EOF\n")
  }
}

// MARK: - Tokens

/// The bytes the joiner names.
private enum ASCII {
  static let space: UInt8 = 0x20
  static let lineFeed: UInt8 = 0x0A
  static let carriageReturn: UInt8 = 0x0D
  static let percent: UInt8 = 0x25
  static let openParenthesis: UInt8 = 0x28
  static let closeParenthesis: UInt8 = 0x29
  static let backslash: UInt8 = 0x5C
  static let less: UInt8 = 0x3C
  static let greater: UInt8 = 0x3E
  static let openBracket: UInt8 = 0x5B
  static let closeBracket: UInt8 = 0x5D
  static let openBrace: UInt8 = 0x7B
  static let closeBrace: UInt8 = 0x7D
  static let slash: UInt8 = 0x2F
  static let plus: UInt8 = 0x2B
  static let minus: UInt8 = 0x2D
  static let period: UInt8 = 0x2E
  static let zero: UInt8 = 0x30
  static let four: UInt8 = 0x34
  static let seven: UInt8 = 0x37
  static let nine: UInt8 = 0x39
  static let f: UInt8 = 0x66
  static let n: UInt8 = 0x6E
}

/// One PDF token: its kind and bytes, and for an integer its value (-1 when signed or too long
/// to be an object number, offset or length).
private struct Token {
  enum Kind {
    case integer, real, name, string, dictionaryOpen, dictionaryClose, arrayOpen, arrayClose
    case brace, keyword, end
  }

  static let none = Token(kind: .end, start: -1, end: -1, value: 0)

  var kind: Kind
  var start: Int
  var end: Int
  var value: Int
}

/// A value of an object the joiner reads rather than copies: the trailer, catalog, page tree
/// root, its pages, indirect lengths.
private indirect enum Value {
  case integer(Int)
  case reference(Int)
  case name(Range<Int>)
  case array([Value])
  case dictionary([Entry])
  /// A real, string, boolean or null: nothing the joiner looks into.
  case other
}

/// One key of a dictionary (its bytes after the slash) and its value.
private struct Entry {
  let key: Range<Int>
  let value: Value
}

/// The PDF tokenizer (ISO 32000-1 §7.2): whitespace and comments are skipped; literal strings
/// with nested parentheses and escapes, hex strings and names are single tokens, so a `1 0 R`
/// inside a string is never taken for a reference.
private struct Lexer {
  let bytes: UnsafeBufferPointer<UInt8>
  var position: Int

  @inline(__always) static func isSpace(_ byte: UInt8) -> Bool {
    byte == ASCII.space || byte == ASCII.lineFeed || byte == ASCII.carriageReturn
      || byte == 0x09 || byte == 0x0C || byte == 0x00
  }

  @inline(__always) static func isDelimiter(_ byte: UInt8) -> Bool {
    switch byte {
    case ASCII.openParenthesis, ASCII.closeParenthesis, ASCII.less, ASCII.greater,
      ASCII.openBracket, ASCII.closeBracket, ASCII.openBrace, ASCII.closeBrace, ASCII.slash,
      ASCII.percent:
      true
    default: false
    }
  }

  @inline(__always) static func isRegular(_ byte: UInt8) -> Bool {
    !isSpace(byte) && !isDelimiter(byte)
  }

  mutating func next() throws(PDFJoin.Unsupported) -> Token {
    let count = bytes.count
    var at = position
    while at < count {
      let byte = bytes[at]
      if Self.isSpace(byte) {
        at += 1
      } else if byte == ASCII.percent {
        while at < count, bytes[at] != ASCII.lineFeed, bytes[at] != ASCII.carriageReturn {
          at += 1
        }
      } else {
        break
      }
    }
    guard at < count else {
      position = at
      return Token(kind: .end, start: at, end: at, value: 0)
    }
    let start = at
    var kind = Token.Kind.keyword
    var value = 0
    switch bytes[at] {
    case ASCII.openParenthesis:
      at = try literalStringEnd(start)
      kind = .string
    case ASCII.less where at + 1 < count && bytes[at + 1] == ASCII.less:
      at += 2
      kind = .dictionaryOpen
    case ASCII.less:
      at += 1
      while at < count, bytes[at] != ASCII.greater {
        guard Self.isSpace(bytes[at]) || Self.isHexDigit(bytes[at]) else {
          throw PDFJoin.Unsupported(reason: "a hex string at byte \(start) holds a non-hex byte")
        }
        at += 1
      }
      guard at < count else {
        throw PDFJoin.Unsupported(reason: "a hex string at byte \(start) is never closed")
      }
      at += 1
      kind = .string
    case ASCII.greater where at + 1 < count && bytes[at + 1] == ASCII.greater:
      at += 2
      kind = .dictionaryClose
    case ASCII.openBracket:
      at += 1
      kind = .arrayOpen
    case ASCII.closeBracket:
      at += 1
      kind = .arrayClose
    case ASCII.openBrace, ASCII.closeBrace:
      at += 1
      kind = .brace
    case ASCII.slash:
      at += 1
      while at < count, Self.isRegular(bytes[at]) { at += 1 }
      kind = .name
    case ASCII.greater, ASCII.closeParenthesis:
      throw PDFJoin.Unsupported(reason: "a stray delimiter at byte \(at)")
    default:
      var digits = 0
      var periods = 0
      var other = false
      while at < count, Self.isRegular(bytes[at]) {
        let byte = bytes[at]
        if byte >= ASCII.zero, byte <= ASCII.nine {
          if digits < 18 { value = value * 10 + Int(byte - ASCII.zero) }
          digits += 1
        } else if byte == ASCII.period {
          periods += 1
        } else if at > start || (byte != ASCII.plus && byte != ASCII.minus) {
          other = true
        }
        at += 1
      }
      if other || digits == 0 || periods > 1 {
        kind = .keyword
      } else if periods == 1 {
        kind = .real
      } else {
        kind = .integer
        if digits > 18 || bytes[start] == ASCII.plus || bytes[start] == ASCII.minus { value = -1 }
      }
    }
    position = at
    return Token(kind: kind, start: start, end: at, value: value)
  }

  /// The end of the literal string opening at `start`: balanced parentheses, `\` escaping the
  /// next byte.
  private func literalStringEnd(_ start: Int) throws(PDFJoin.Unsupported) -> Int {
    var depth = 0
    var at = start
    while at < bytes.count {
      switch bytes[at] {
      case ASCII.backslash: at += 1
      case ASCII.openParenthesis: depth += 1
      case ASCII.closeParenthesis:
        depth -= 1
        if depth == 0 { return at + 1 }
      default: break
      }
      at += 1
    }
    throw PDFJoin.Unsupported(reason: "a string at byte \(start) is never closed")
  }

  private static func isHexDigit(_ byte: UInt8) -> Bool {
    (ASCII.zero...ASCII.nine).contains(byte) || (0x41...0x46).contains(byte)
      || (0x61...0x66).contains(byte)
  }

  /// The value starting with `first`; `n 0 R` is read as a reference.
  mutating func value(_ first: Token, depth: Int = 0) throws(PDFJoin.Unsupported) -> Value {
    guard depth < 32 else {
      throw PDFJoin.Unsupported(reason: "values nest too deep at byte \(first.start)")
    }
    switch first.kind {
    case .integer:
      let saved = position
      let generation = try next()
      if generation.kind == .integer, generation.value >= 0, isKeyword(try next(), "R") {
        guard first.value >= 0, generation.value == 0 else {
          throw PDFJoin.Unsupported(
            reason: "the reference at byte \(first.start) is to generation \(generation.value); "
              + "only 0 is renumbered")
        }
        return .reference(first.value)
      }
      position = saved
      return .integer(first.value)
    case .name:
      return .name((first.start + 1)..<first.end)
    case .arrayOpen:
      var items: [Value] = []
      while true {
        let token = try next()
        if token.kind == .arrayClose { return .array(items) }
        items.append(try value(token, depth: depth + 1))
      }
    case .dictionaryOpen:
      var entries: [Entry] = []
      while true {
        let key = try next()
        if key.kind == .dictionaryClose { return .dictionary(entries) }
        guard key.kind == .name else {
          throw PDFJoin.Unsupported(reason: "a dictionary key at byte \(key.start) is no name")
        }
        entries.append(
          Entry(key: (key.start + 1)..<key.end, value: try value(try next(), depth: depth + 1)))
      }
    case .string, .real:
      return .other
    case .keyword
    where isKeyword(first, "true") || isKeyword(first, "false")
      || isKeyword(first, "null"):
      return .other
    default:
      throw PDFJoin.Unsupported(
        reason: first.kind == .end
          ? "the file ends inside a value"
          : "'\(text(first.start..<first.end))' at byte \(first.start) is not a value")
    }
  }

  func isKeyword(_ token: Token, _ word: StaticString) -> Bool {
    token.kind == .keyword && equals(token.start..<token.end, word)
  }

  func isName(_ token: Token, _ name: StaticString) -> Bool {
    token.kind == .name && equals((token.start + 1)..<token.end, name)
  }

  func isName(_ value: Value, _ name: StaticString) -> Bool {
    guard case .name(let range) = value else { return false }
    return equals(range, name)
  }

  /// The value of `key` in a dictionary's entries.
  func lookup(_ entries: [Entry], _ key: StaticString) -> Value? {
    entries.first { equals($0.key, key) }?.value
  }

  /// The bytes of `range` as text, for messages and key names.
  func text(_ range: Range<Int>) -> String {
    String(decoding: UnsafeBufferPointer(rebasing: bytes[range]).prefix(40), as: UTF8.self)
  }

  private func equals(_ range: Range<Int>, _ word: StaticString) -> Bool {
    word.withUTF8Buffer { word in
      range.count == word.count && bytes[range].elementsEqual(word)
    }
  }
}
