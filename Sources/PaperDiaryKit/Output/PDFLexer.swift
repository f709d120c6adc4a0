/// The PDF tokenizer (ISO 32000-1 §7.2): whitespace and comments are skipped; literal strings
/// with nested parentheses and escapes, hex strings and names are single tokens, so a `1 0 R`
/// inside a string is never taken for a reference.
struct PDFLexer {
  let bytes: UnsafeBufferPointer<UInt8>
  var position: Int

  @inline(__always) static func isSpace(_ byte: UInt8) -> Bool {
    byte == PDFByte.space || byte == PDFByte.lineFeed || byte == PDFByte.carriageReturn
      || byte == 0x09 || byte == 0x0C || byte == 0x00
  }

  @inline(__always) static func isDelimiter(_ byte: UInt8) -> Bool {
    switch byte {
    case PDFByte.openParenthesis, PDFByte.closeParenthesis, PDFByte.less, PDFByte.greater,
      PDFByte.openBracket, PDFByte.closeBracket, PDFByte.openBrace, PDFByte.closeBrace,
      PDFByte.slash,
      PDFByte.percent:
      true
    default: false
    }
  }

  @inline(__always) static func isRegular(_ byte: UInt8) -> Bool {
    !isSpace(byte) && !isDelimiter(byte)
  }

  mutating func next() throws(PDFUnsupported) -> PDFToken {
    let count = bytes.count
    var at = position
    while at < count {
      let byte = bytes[at]
      if Self.isSpace(byte) {
        at += 1
      } else if byte == PDFByte.percent {
        while at < count, bytes[at] != PDFByte.lineFeed, bytes[at] != PDFByte.carriageReturn {
          at += 1
        }
      } else {
        break
      }
    }
    guard at < count else {
      position = at
      return PDFToken(kind: .end, start: at, end: at, value: 0)
    }
    let start = at
    var kind = PDFToken.Kind.keyword
    var value = 0
    switch bytes[at] {
    case PDFByte.openParenthesis:
      at = try literalStringEnd(start)
      kind = .string
    case PDFByte.less where at + 1 < count && bytes[at + 1] == PDFByte.less:
      at += 2
      kind = .dictionaryOpen
    case PDFByte.less:
      at += 1
      while at < count, bytes[at] != PDFByte.greater {
        guard Self.isSpace(bytes[at]) || Self.isHexDigit(bytes[at]) else {
          throw PDFUnsupported(reason: "a hex string at byte \(start) holds a non-hex byte")
        }
        at += 1
      }
      guard at < count else {
        throw PDFUnsupported(reason: "a hex string at byte \(start) is never closed")
      }
      at += 1
      kind = .string
    case PDFByte.greater where at + 1 < count && bytes[at + 1] == PDFByte.greater:
      at += 2
      kind = .dictionaryClose
    case PDFByte.openBracket:
      at += 1
      kind = .arrayOpen
    case PDFByte.closeBracket:
      at += 1
      kind = .arrayClose
    case PDFByte.openBrace, PDFByte.closeBrace:
      at += 1
      kind = .brace
    case PDFByte.slash:
      at += 1
      while at < count, Self.isRegular(bytes[at]) { at += 1 }
      kind = .name
    case PDFByte.greater, PDFByte.closeParenthesis:
      throw PDFUnsupported(reason: "a stray delimiter at byte \(at)")
    default:
      var digits = 0
      var periods = 0
      var other = false
      while at < count, Self.isRegular(bytes[at]) {
        let byte = bytes[at]
        if byte >= PDFByte.zero, byte <= PDFByte.nine {
          if digits < 18 { value = value * 10 + Int(byte - PDFByte.zero) }
          digits += 1
        } else if byte == PDFByte.period {
          periods += 1
        } else if at > start || (byte != PDFByte.plus && byte != PDFByte.minus) {
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
        if digits > 18 || bytes[start] == PDFByte.plus || bytes[start] == PDFByte.minus {
          value = -1
        }
      }
    }
    position = at
    return PDFToken(kind: kind, start: start, end: at, value: value)
  }

  /// The end of the literal string opening at `start`: balanced parentheses, `\` escaping the
  /// next byte.
  private func literalStringEnd(_ start: Int) throws(PDFUnsupported) -> Int {
    var depth = 0
    var at = start
    while at < bytes.count {
      switch bytes[at] {
      case PDFByte.backslash: at += 1
      case PDFByte.openParenthesis: depth += 1
      case PDFByte.closeParenthesis:
        depth -= 1
        if depth == 0 { return at + 1 }
      default: break
      }
      at += 1
    }
    throw PDFUnsupported(reason: "a string at byte \(start) is never closed")
  }

  private static func isHexDigit(_ byte: UInt8) -> Bool {
    (PDFByte.zero...PDFByte.nine).contains(byte) || (0x41...0x46).contains(byte)
      || (0x61...0x66).contains(byte)
  }

  /// The value starting with `first`; `n 0 R` is read as a reference.
  mutating func value(_ first: PDFToken, depth: Int = 0) throws(PDFUnsupported) -> PDFValue {
    guard depth < 32 else {
      throw PDFUnsupported(reason: "values nest too deep at byte \(first.start)")
    }
    switch first.kind {
    case .integer:
      let saved = position
      let generation = try next()
      if generation.kind == .integer, generation.value >= 0, isKeyword(try next(), "R") {
        guard first.value >= 0, generation.value == 0 else {
          throw PDFUnsupported(
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
      var items: [PDFValue] = []
      while true {
        let token = try next()
        if token.kind == .arrayClose { return .array(items) }
        items.append(try value(token, depth: depth + 1))
      }
    case .dictionaryOpen:
      var entries: [PDFEntry] = []
      while true {
        let key = try next()
        if key.kind == .dictionaryClose { return .dictionary(entries) }
        guard key.kind == .name else {
          throw PDFUnsupported(reason: "a dictionary key at byte \(key.start) is no name")
        }
        entries.append(
          PDFEntry(key: (key.start + 1)..<key.end, value: try value(try next(), depth: depth + 1)))
      }
    case .string, .real:
      return .other
    case .keyword
    where isKeyword(first, "true") || isKeyword(first, "false")
      || isKeyword(first, "null"):
      return .other
    default:
      throw PDFUnsupported(
        reason: first.kind == .end
          ? "the file ends inside a value"
          : "'\(text(first.start..<first.end))' at byte \(first.start) is not a value")
    }
  }

  func isKeyword(_ token: PDFToken, _ word: StaticString) -> Bool {
    token.kind == .keyword && equals(token.start..<token.end, word)
  }

  func isName(_ token: PDFToken, _ name: StaticString) -> Bool {
    token.kind == .name && equals((token.start + 1)..<token.end, name)
  }

  func isName(_ value: PDFValue, _ name: StaticString) -> Bool {
    guard case .name(let range) = value else { return false }
    return equals(range, name)
  }

  /// The value of `key` in a dictionary's entries.
  func lookup(_ entries: [PDFEntry], _ key: StaticString) -> PDFValue? {
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

// MARK: - Tokens and values

/// One PDF token: its kind and bytes, and for an integer its value (-1 when signed or too long
/// to be an object number, offset or length).
struct PDFToken {
  enum Kind {
    case integer, real, name, string, dictionaryOpen, dictionaryClose, arrayOpen, arrayClose
    case brace, keyword, end
  }

  static let none = PDFToken(kind: .end, start: -1, end: -1, value: 0)

  var kind: Kind
  var start: Int
  var end: Int
  var value: Int
}

/// A value the reader looks into rather than copies: the trailer, catalog, page tree root, its
/// pages, indirect lengths.
indirect enum PDFValue {
  case integer(Int)
  case reference(Int)
  case name(Range<Int>)
  case array([PDFValue])
  case dictionary([PDFEntry])
  /// A real, string, boolean or null: nothing the reader looks into.
  case other
}

/// One key of a dictionary (its bytes after the slash) and its value.
struct PDFEntry {
  let key: Range<Int>
  let value: PDFValue
}

/// The bytes the PDF reader and writer name.
enum PDFByte {
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
