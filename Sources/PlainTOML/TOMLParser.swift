/// Reads TOML 1.0 from the UTF-8 bytes of a text in one forward pass.
///
/// Every byte is read through `peek`, which answers nil past the end, so no input can index
/// out of bounds; recursion happens only for nested arrays and inline tables and stops at
/// `maxDepth`. Positions are kept as a line number and the offset of the line's start; columns
/// are counted in Unicode scalars only when a position is needed.
struct TOMLParser {
  let bytes: [UInt8]
  let maxDepth: Int
  var offset = 0
  var line = 1
  var lineStart = 0
  var tree: TableTree
  /// The current section: a `[header]` or an inline table; dotted keys may only extend
  /// tables made in the same section.
  var section = 0
  var nextSection = 1
  /// Where the last column count ended, so that counting along one line is linear.
  private var columnCacheLineStart = 0
  private var columnCacheOffset = 0
  private var columnCacheValue = 1

  init(text: String, maxDepth: Int) {
    bytes = Array(text.utf8)
    self.maxDepth = maxDepth
    tree = TableTree(maxDepth: maxDepth)
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
      offset = 3
      lineStart = 3
    }
  }

  // MARK: - Document

  mutating func parseDocument() throws(TOMLError) -> TOMLTable {
    var table = TableTree.rootID
    while true {
      skipBlanks()
      guard let byte = peek() else { break }
      switch byte {
      case .lineFeed, .carriageReturn:
        try consumeNewline()
      case .hash:
        try skipComment()
      case .openBracket:
        table = try parseHeader()
      default:
        let name = try parseAssignment(in: table)
        try expectLineEnd(after: "the value of '\(name)'")
      }
    }
    return tree.freeze(TableTree.rootID)
  }

  /// `[a.b]` or `[[a.b]]` with the rest of its line; returns the table that follows it.
  private mutating func parseHeader() throws(TOMLError) -> Int {
    let start = here()
    let isArray = peek(1) == .openBracket
    offset += isArray ? 2 : 1
    let path = try parseKey()
    let name = TableTree.display(path.map(\.name))
    skipBlanks()
    if isArray {
      guard peek() == .closeBracket, peek(1) == .closeBracket else {
        if peek() == .closeBracket { offset += 1 }
        throw failure("expected ']]' to close the header [[\(name)]], found \(describeHere())")
      }
      offset += 2
    } else {
      guard peek() == .closeBracket else {
        throw failure("expected ']' to close the header [\(name)], found \(describeHere())")
      }
      offset += 1
    }
    section = nextSection
    nextSection += 1
    let table =
      isArray
      ? try tree.appendArrayElement(path, header: start, section: section)
      : try tree.openTable(path, header: start, section: section)
    try expectLineEnd(after: isArray ? "the header [[\(name)]]" : "the header [\(name)]")
    return table
  }

  /// `key = value` into `table`, at top level or inside an inline table; returns the key as
  /// written, for messages.
  mutating func parseAssignment(in table: Int) throws(TOMLError) -> String {
    let key = try parseKey()
    let name = TableTree.display(key.map(\.name))
    skipBlanks()
    guard peek() == .equals else {
      throw failure("expected '=' after key '\(name)', found \(describeHere())")
    }
    offset += 1
    skipBlanks()
    if peek() == nil || peek() == .hash || isAtLineBreak {
      throw failure("key '\(name)' has no value after '='")
    }
    let value = try parseValue(depth: tree.depth(of: table) + key.count)
    try tree.assign(key, value, in: table, section: section)
    return name
  }

  // MARK: - Whitespace, newlines and comments

  /// Steps over spaces and tabs.
  mutating func skipBlanks() {
    while let byte = peek(), byte.isBlank { offset += 1 }
  }

  /// Steps over blanks, newlines and comments, as allowed between array elements.
  mutating func skipBlanksNewlinesAndComments() throws(TOMLError) {
    while true {
      skipBlanks()
      if peek() == .hash {
        try skipComment()
      } else if isAtLineBreak {
        try consumeNewline()
      } else {
        return
      }
    }
  }

  /// A comment up to (not including) the end of its line.
  mutating func skipComment() throws(TOMLError) {
    offset += 1
    while let byte = peek(), byte != .lineFeed {
      if byte == .carriageReturn, peek(1) == .lineFeed { return }
      if byte.isForbiddenControl {
        throw failure("\(Self.controlName(byte)) is not allowed in a comment")
      }
      offset += 1
    }
  }

  /// Whether the cursor is at `\n` or `\r\n`.
  var isAtLineBreak: Bool {
    peek() == .lineFeed || (peek() == .carriageReturn && peek(1) == .lineFeed)
  }

  /// Steps over `\n` or `\r\n`; a carriage return on its own is an error.
  mutating func consumeNewline() throws(TOMLError) {
    if peek() == .carriageReturn {
      guard peek(1) == .lineFeed else {
        throw failure("\(Self.controlName(.carriageReturn)) must be followed by a line feed")
      }
      offset += 1
    }
    offset += 1
    line += 1
    lineStart = offset
  }

  /// Blanks, an optional comment, then the end of the line or of the text.
  private mutating func expectLineEnd(after what: String) throws(TOMLError) {
    skipBlanks()
    if peek() == .hash { try skipComment() }
    guard peek() != nil else { return }
    guard isAtLineBreak else {
      throw failure("expected the end of the line after \(what), found \(describeHere())")
    }
    try consumeNewline()
  }

  // MARK: - Cursor

  /// The byte `ahead` bytes past the cursor, or nil beyond the text.
  func peek(_ ahead: Int = 0) -> UInt8? {
    let index = offset + ahead
    return index >= 0 && index < bytes.count ? bytes[index] : nil
  }

  /// The cursor's line and column.
  mutating func here() -> SourcePosition {
    if columnCacheLineStart != lineStart || columnCacheOffset > offset {
      columnCacheLineStart = lineStart
      columnCacheOffset = lineStart
      columnCacheValue = 1
    }
    var index = columnCacheOffset
    var column = columnCacheValue
    let end = min(offset, bytes.count)
    while index < end {
      if !bytes[index].isUTF8Continuation { column += 1 }
      index += 1
    }
    columnCacheOffset = index
    columnCacheValue = column
    return SourcePosition(line: line, column: column)
  }

  /// An error at the cursor.
  mutating func failure(_ message: String) -> TOMLError {
    TOMLError(here(), message)
  }

  /// The character at the cursor, for "found ..." in messages.
  func describeHere() -> String {
    guard let byte = peek() else { return "the end of the file" }
    if isAtLineBreak || byte == .lineFeed { return "the end of the line" }
    if byte.isForbiddenControl { return Self.controlName(byte) }
    return "'\(character(at: offset))'"
  }

  /// The whole character starting at `index`, decoded from its UTF-8 bytes.
  func character(at index: Int) -> String {
    guard index >= 0, index < bytes.count else { return "" }
    let lead = bytes[index]
    let length =
      switch lead {
      case 0xF0...: 4
      case 0xE0...: 3
      case 0xC0...: 2
      default: 1
      }
    let end = min(index + length, bytes.count)
    return String(decoding: bytes[index..<end], as: UTF8.self)
  }

  /// The text from `start` up to the next blank, delimiter or line end, shortened for
  /// messages; used to quote an unquoted word back to the writer.
  func word(from start: Int, stoppingAtBlanks: Bool = true) -> String {
    var end = max(start, 0)
    while end < bytes.count {
      let byte = bytes[end]
      if byte == .lineFeed || byte == .carriageReturn || byte == .hash || byte == .comma
        || byte == .equals || byte == .closeBracket || byte == .closeBrace
        || byte == .openBracket || byte == .openBrace || byte == .quote || byte == .apostrophe
        || (stoppingAtBlanks && byte.isBlank) || byte.isForbiddenControl
      {
        break
      }
      end += 1
    }
    var text = String(decoding: bytes[min(start, end)..<end], as: UTF8.self)
    while let last = text.unicodeScalars.last, last == " " || last == "\t" {
      text.unicodeScalars.removeLast()
    }
    let limit = 40
    if text.count > limit { text = String(text.prefix(limit)) + "…" }
    return text
  }

  /// `control character U+0007`.
  static func controlName(_ byte: UInt8) -> String {
    let hex = String(byte, radix: 16, uppercase: true)
    return "control character U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
  }
}
