/// The objects of a PDF that our renderer wrote (Cairo: a classic `xref` table, no object
/// streams), read just far enough to copy objects into another PDF under new numbers.
///
/// An object's body is parsed only outside its stream data: the tokenizer skips strings, names
/// and comments, so text such as `(1 0 R)` is never taken for a reference; stream data is copied
/// byte for byte. Anything unexpected throws `PDFObjects.Unsupported`, and the caller falls back
/// to a slower, general route.
struct PDFObjects {
  struct Unsupported: Error, CustomStringConvertible {
    let reason: String
    var description: String { "PDF not understood: \(reason)" }
  }

  /// Where one object's body lies, and the references it holds outside stream data.
  struct Object {
    /// The body: from just after `N G obj` to just before `endobj`.
    let body: Range<Int>
    /// Where stream data starts and ends inside the body (after `stream` and its end of line,
    /// before `endstream`); nil for an object without a stream.
    let stream: Range<Int>?
    /// Each `n g R` outside the stream: the referenced number and the tokens' byte range.
    let references: [(number: Int, range: Range<Int>)]
  }

  let bytes: [UInt8]
  /// Offsets by object number; nil for free or missing numbers.
  private let offsets: [Int?]
  let root: Int
  let info: Int?
  private var cache: [Int: Object] = [:]

  init(_ bytes: [UInt8]) throws(Unsupported) {
    self.bytes = bytes
    let start = try Self.startXref(bytes)
    var scanner = Scanner(bytes: bytes, position: start)
    guard scanner.keyword() == "xref" else { throw Unsupported(reason: "no classic xref table") }
    var offsets: [Int?] = []
    while let first = scanner.integer() {
      guard let count = scanner.integer(), first >= 0, count >= 0, count < 10_000_000 else {
        throw Unsupported(reason: "a broken xref subsection")
      }
      if offsets.count < first + count {
        offsets += Array(repeating: nil, count: first + count - offsets.count)
      }
      for number in first..<first + count {
        guard let offset = scanner.integer(), let generation = scanner.integer() else {
          throw Unsupported(reason: "a broken xref entry")
        }
        let kind = scanner.keyword()
        if kind == "n" {
          guard generation == 0, offset > 0, offset < bytes.count else {
            throw Unsupported(reason: "object \(number) has generation \(generation)")
          }
          offsets[number] = offset
        } else if kind != "f" {
          throw Unsupported(reason: "a broken xref entry")
        }
      }
    }
    guard scanner.keyword() == "trailer" else { throw Unsupported(reason: "no trailer") }
    let trailer = try scanner.dictionaryReferences()
    guard let root = trailer["Root"] else { throw Unsupported(reason: "no /Root") }
    guard trailer["Encrypt"] == nil else { throw Unsupported(reason: "encrypted") }
    self.offsets = offsets
    self.root = root
    self.info = trailer["Info"]
  }

  /// The object `number`, parsed once.
  mutating func object(_ number: Int) throws(Unsupported) -> Object {
    if let object = cache[number] { return object }
    guard number >= 0, number < offsets.count, let offset = offsets[number] else {
      throw Unsupported(reason: "object \(number) is missing")
    }
    let object = try parse(number, at: offset)
    cache[number] = object
    return object
  }

  /// The integer value of a dictionary key in object `number`, direct or through a reference.
  mutating func integer(_ key: String, in number: Int) throws(Unsupported) -> Int? {
    let object = try self.object(number)
    var scanner = Scanner(bytes: bytes, position: object.body.lowerBound)
    guard
      let value = try scanner.value(
        of: key, before: object.stream?.lowerBound ?? object.body.upperBound)
    else { return nil }
    switch value {
    case .integer(let integer): return integer
    case .reference(let target):
      let body = try self.object(target).body
      var inner = Scanner(bytes: bytes, position: body.lowerBound)
      return inner.integer()
    case .other: return nil
    }
  }

  /// The referenced numbers of an array under `key` in object `number` (`/Kids [ 2 0 R … ]`).
  mutating func referenceArray(_ key: String, in number: Int) throws(Unsupported) -> [Int] {
    let object = try self.object(number)
    var scanner = Scanner(bytes: bytes, position: object.body.lowerBound)
    return try scanner.arrayReferences(of: key, before: object.body.upperBound)
  }

  /// A name value (`/Type /Pages` → "Pages") of `key` in object `number`.
  mutating func name(_ key: String, in number: Int) throws(Unsupported) -> String? {
    let object = try self.object(number)
    var scanner = Scanner(bytes: bytes, position: object.body.lowerBound)
    return try scanner.name(of: key, before: object.stream?.lowerBound ?? object.body.upperBound)
  }

  /// Whether object `number`'s dictionary has `key` at its top level.
  mutating func has(_ key: String, in number: Int) throws(Unsupported) -> Bool {
    let object = try self.object(number)
    var scanner = Scanner(bytes: bytes, position: object.body.lowerBound)
    return try scanner.value(of: key, before: object.stream?.lowerBound ?? object.body.upperBound)
      != nil
  }

  /// The page objects in order, from the catalog's page tree; nested trees, and attributes a
  /// page would inherit from the root, are not expected from our renderer.
  mutating func pages() throws(Unsupported) -> (root: Int, kids: [Int]) {
    guard let pagesRoot = try referenceValue("Pages", in: root) else {
      throw Unsupported(reason: "the catalog has no /Pages")
    }
    for key in ["Resources", "MediaBox", "CropBox", "Rotate"] where try has(key, in: pagesRoot) {
      throw Unsupported(reason: "the page tree's root carries /\(key)")
    }
    let kids = try referenceArray("Kids", in: pagesRoot)
    for kid in kids where try name("Type", in: kid) != "Page" {
      throw Unsupported(reason: "a nested page tree")
    }
    return (pagesRoot, kids)
  }

  /// The object a key references (`/Pages 1 0 R` → 1).
  mutating func referenceValue(_ key: String, in number: Int) throws(Unsupported) -> Int? {
    let object = try self.object(number)
    var scanner = Scanner(bytes: bytes, position: object.body.lowerBound)
    if case .reference(let target) = try scanner.value(of: key, before: object.body.upperBound) {
      return target
    }
    return nil
  }

  // MARK: - Parsing

  private static func startXref(_ bytes: [UInt8]) throws(Unsupported) -> Int {
    let marker = Array("startxref".utf8)
    let tail = max(0, bytes.count - 1024)
    var index = bytes.count - marker.count
    while index >= tail {
      if bytes[index] == marker[0], Array(bytes[index..<index + marker.count]) == marker {
        var scanner = Scanner(bytes: bytes, position: index + marker.count)
        guard let offset = scanner.integer(), offset > 0, offset < bytes.count else { break }
        return offset
      }
      index -= 1
    }
    throw Unsupported(reason: "no startxref")
  }

  private mutating func parse(_ number: Int, at offset: Int) throws(Unsupported) -> Object {
    var scanner = Scanner(bytes: bytes, position: offset)
    guard scanner.integer() == number, scanner.integer() == 0, scanner.keyword() == "obj" else {
      throw Unsupported(reason: "object \(number) is not at its xref offset")
    }
    let bodyStart = scanner.position
    var references: [(number: Int, range: Range<Int>)] = []
    // Tokens seen last, to recognise `n g R`.
    var previous: (value: Int, start: Int)?
    var beforePrevious: (value: Int, start: Int)?
    while true {
      scanner.skipSpaceAndComments()
      guard scanner.position < bytes.count else {
        throw Unsupported(reason: "object \(number) has no endobj")
      }
      let tokenStart = scanner.position
      switch scanner.token() {
      case .integer(let value):
        beforePrevious = previous
        previous = (value, tokenStart)
        continue
      case .keyword("R"):
        if let target = beforePrevious, let generation = previous, generation.value == 0 {
          references.append((target.value, target.start..<scanner.position))
        }
      case .keyword("endobj"):
        return Object(body: bodyStart..<tokenStart, stream: nil, references: references)
      case .keyword("stream"):
        let dataStart = try scanner.endOfLineAfterStream()
        let length = try streamLength(dictionaryStart: bodyStart, end: tokenStart, references)
        let dataEnd = dataStart + length
        var tail = Scanner(bytes: bytes, position: dataEnd)
        guard dataEnd <= bytes.count, tail.keyword() == "endstream", tail.keyword() == "endobj"
        else { throw Unsupported(reason: "object \(number): the stream's /Length is wrong") }
        return Object(
          body: bodyStart..<tail.position - 6, stream: dataStart..<dataEnd, references: references)
      case .end:
        throw Unsupported(reason: "object \(number) has no endobj")
      default:
        break
      }
      beforePrevious = nil
      previous = nil
    }
  }

  private mutating func streamLength(
    dictionaryStart: Int, end: Int, _ references: [(number: Int, range: Range<Int>)]
  ) throws(Unsupported) -> Int {
    var scanner = Scanner(bytes: bytes, position: dictionaryStart)
    switch try scanner.value(of: "Length", before: end) {
    case .integer(let length): return length
    case .reference(let target):
      guard let offset = target < offsets.count ? offsets[target] : nil else {
        throw Unsupported(reason: "a stream's /Length is missing")
      }
      var inner = Scanner(bytes: bytes, position: offset)
      guard inner.integer() == target, inner.integer() == 0, inner.keyword() == "obj",
        let length = inner.integer(), length >= 0
      else { throw Unsupported(reason: "a stream's /Length is not a number") }
      return length
    default: throw Unsupported(reason: "a stream without /Length")
    }
  }
}

// MARK: - Writing

extension PDFObjects {
  /// Appends object `number`'s body to `out`, with every reference renumbered by `map`;
  /// stream data is copied as it is.
  mutating func copyBody(
    of number: Int, to out: inout [UInt8], renumber map: (Int) throws(Unsupported) -> Int
  ) throws(Unsupported) {
    let object = try self.object(number)
    var cursor = object.body.lowerBound
    for reference in object.references {
      out.append(contentsOf: bytes[cursor..<reference.range.lowerBound])
      out.append(contentsOf: "\(try map(reference.number)) 0 R".utf8)
      cursor = reference.range.upperBound
    }
    out.append(contentsOf: bytes[cursor..<object.body.upperBound])
  }
}

/// Writes a PDF object by object and ends it with a classic xref table.
struct PDFWriter {
  private(set) var bytes: [UInt8] = Array("%PDF-1.5\n%\u{B5}\u{ED}\u{AE}\u{FB}\n".utf8)
  private var offsets: [Int] = []

  init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

  /// The number the next object gets.
  var nextNumber: Int { offsets.count + 1 }

  /// Writes object `nextNumber`: `body` appends what goes between `obj` and `endobj`.
  mutating func object(_ body: (inout [UInt8]) throws(PDFObjects.Unsupported) -> Void)
    throws(PDFObjects.Unsupported)
  {
    offsets.append(bytes.count)
    bytes.append(contentsOf: "\(offsets.count) 0 obj\n".utf8)
    try body(&bytes)
    bytes.append(contentsOf: "\nendobj\n".utf8)
  }

  /// The xref table and trailer; the writer is done after this.
  mutating func finish(root: Int, info: Int?) -> [UInt8] {
    let start = bytes.count
    bytes.append(contentsOf: "xref\n0 \(offsets.count + 1)\n0000000000 65535 f \n".utf8)
    for offset in offsets {
      var digits = Array(String(offset).utf8)
      digits.insert(
        contentsOf: Array(repeating: UInt8(ascii: "0"), count: 10 - digits.count), at: 0)
      bytes.append(contentsOf: digits)
      bytes.append(contentsOf: " 00000 n \n".utf8)
    }
    let infoEntry = info.map { " /Info \($0) 0 R" } ?? ""
    bytes.append(
      contentsOf:
        "trailer\n<< /Size \(offsets.count + 1) /Root \(root) 0 R\(infoEntry) >>\nstartxref\n\(start)\n%%EOF\n"
        .utf8)
    return bytes
  }
}

// MARK: - Tokens

/// A forward tokenizer over PDF bytes (ISO 32000-1 §7.2–7.3).
private struct Scanner {
  enum Token: Equatable {
    case integer(Int)
    case keyword(String)
    case name(String)
    case dictionaryStart, dictionaryEnd, arrayStart, arrayEnd
    /// A string, a real number, or anything else this reader only steps over.
    case other
    case end
  }

  enum Value {
    case integer(Int)
    case reference(Int)
    case other
  }

  let bytes: [UInt8]
  var position: Int

  static func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x0C || byte == 0
  }

  static func isDelimiter(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"),
      UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"),
      UInt8(ascii: "/"), UInt8(ascii: "%"):
      true
    default: false
    }
  }

  private func byte(at index: Int) -> UInt8? { index < bytes.count ? bytes[index] : nil }

  mutating func skipSpaceAndComments() {
    while let byte = byte(at: position) {
      if Self.isSpace(byte) {
        position += 1
      } else if byte == UInt8(ascii: "%") {
        while let next = self.byte(at: position), next != 0x0A, next != 0x0D { position += 1 }
      } else {
        return
      }
    }
  }

  mutating func token() -> Token {
    skipSpaceAndComments()
    guard let first = byte(at: position) else { return .end }
    switch first {
    case UInt8(ascii: "("):
      skipLiteralString()
      return .other
    case UInt8(ascii: "<"):
      if byte(at: position + 1) == UInt8(ascii: "<") {
        position += 2
        return .dictionaryStart
      }
      while let byte = byte(at: position), byte != UInt8(ascii: ">") { position += 1 }
      position += 1
      return .other
    case UInt8(ascii: ">"):
      if byte(at: position + 1) == UInt8(ascii: ">") {
        position += 2
        return .dictionaryEnd
      }
      position += 1
      return .other
    case UInt8(ascii: "["):
      position += 1
      return .arrayStart
    case UInt8(ascii: "]"):
      position += 1
      return .arrayEnd
    case UInt8(ascii: "/"):
      position += 1
      let start = position
      skipRegular()
      return .name(String(decoding: bytes[start..<position], as: UTF8.self))
    default:
      let start = position
      skipRegular()
      if position == start {
        position += 1
        return .other
      }
      return word(bytes[start..<position])
    }
  }

  private mutating func skipRegular() {
    while let byte = byte(at: position), !Self.isSpace(byte), !Self.isDelimiter(byte) {
      position += 1
    }
  }

  private func word(_ word: ArraySlice<UInt8>) -> Token {
    let digit = UInt8(ascii: "0")...UInt8(ascii: "9")
    if word.count < 19, word.allSatisfy({ digit.contains($0) }) {
      return .integer(word.reduce(0) { $0 * 10 + Int($1 - digit.lowerBound) })
    }
    let letters = word.allSatisfy {
      (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0)
        || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0)
    }
    return letters ? .keyword(String(decoding: word, as: UTF8.self)) : .other
  }

  /// `( … )` with nested parentheses and backslash escapes.
  private mutating func skipLiteralString() {
    var depth = 0
    while let byte = byte(at: position) {
      position += 1
      switch byte {
      case UInt8(ascii: "\\"): position += 1
      case UInt8(ascii: "("): depth += 1
      case UInt8(ascii: ")"):
        depth -= 1
        if depth == 0 { return }
      default: break
      }
    }
  }

  mutating func integer() -> Int? {
    let saved = position
    if case .integer(let value) = token() { return value }
    position = saved
    return nil
  }

  mutating func keyword() -> String? {
    if case .keyword(let word) = token() { return word }
    return nil
  }

  /// After the `stream` keyword: its end of line (CRLF or LF); returns where data starts.
  mutating func endOfLineAfterStream() throws(PDFObjects.Unsupported) -> Int {
    if byte(at: position) == 0x0D { position += 1 }
    guard byte(at: position) == 0x0A else {
      throw PDFObjects.Unsupported(reason: "no end of line after `stream`")
    }
    position += 1
    return position
  }

  /// Reads one whole value: a reference `n g R`, a number, a name, a string, or an array or
  /// dictionary with everything in it.
  private mutating func readValue() throws(PDFObjects.Unsupported) -> Value {
    switch token() {
    case .integer(let first):
      let saved = position
      if let generation = integer(), keyword() == "R" {
        guard generation == 0 else {
          throw PDFObjects.Unsupported(reason: "generation \(generation)")
        }
        return .reference(first)
      }
      position = saved
      return .integer(first)
    case .dictionaryStart, .arrayStart:
      var depth = 1
      while depth > 0 {
        switch token() {
        case .dictionaryStart, .arrayStart: depth += 1
        case .dictionaryEnd, .arrayEnd: depth -= 1
        case .end: throw PDFObjects.Unsupported(reason: "an unterminated dictionary or array")
        default: break
        }
      }
      return .other
    case .end, .dictionaryEnd, .arrayEnd:
      throw PDFObjects.Unsupported(reason: "a value is missing")
    default:
      return .other
    }
  }

  /// From the start of a dictionary, moves to the value of its top-level `key`; false when
  /// the dictionary has no such key or is not a dictionary.
  private mutating func seek(_ key: String, before limit: Int) throws(PDFObjects.Unsupported)
    -> Bool
  {
    guard token() == .dictionaryStart else { return false }
    while position < limit {
      switch token() {
      case .name(let name):
        if name == key { return true }
        _ = try readValue()
      default:
        return false
      }
    }
    return false
  }

  mutating func value(of key: String, before limit: Int) throws(PDFObjects.Unsupported)
    -> Value?
  {
    guard try seek(key, before: limit) else { return nil }
    return try readValue()
  }

  mutating func name(of key: String, before limit: Int) throws(PDFObjects.Unsupported)
    -> String?
  {
    guard try seek(key, before: limit) else { return nil }
    if case .name(let name) = token() { return name }
    return nil
  }

  mutating func arrayReferences(of key: String, before limit: Int)
    throws(PDFObjects.Unsupported) -> [Int]
  {
    guard try seek(key, before: limit) else { return [] }
    guard token() == .arrayStart else {
      throw PDFObjects.Unsupported(reason: "/\(key) is not an array")
    }
    var numbers: [Int] = []
    while true {
      let saved = position
      if token() == .arrayEnd { return numbers }
      position = saved
      guard case .reference(let number) = try readValue() else {
        throw PDFObjects.Unsupported(reason: "/\(key) holds more than references")
      }
      numbers.append(number)
    }
  }

  /// The trailer's `/Key n 0 R` entries, and whether it has `/Encrypt`.
  mutating func dictionaryReferences() throws(PDFObjects.Unsupported) -> [String: Int] {
    guard token() == .dictionaryStart else {
      throw PDFObjects.Unsupported(reason: "no trailer dictionary")
    }
    var entries: [String: Int] = [:]
    while true {
      switch token() {
      case .name(let name):
        switch try readValue() {
        case .reference(let number): entries[name] = number
        default: if name == "Encrypt" { entries[name] = 0 }
        }
      case .dictionaryEnd: return entries
      default: throw PDFObjects.Unsupported(reason: "a broken trailer dictionary")
      }
    }
  }
}
