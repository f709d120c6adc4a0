/// The four kinds of string: basic `"..."`, literal `'...'`, and their multi-line forms.
extension TOMLParser {
  /// `"..."` with escapes, on one line; the cursor is at the opening quote.
  mutating func parseBasicString(from start: SourcePosition) throws(TOMLError) -> String {
    offset += 1
    var text: [UInt8] = []
    while true {
      guard let byte = peek() else {
        throw TOMLError(start, "unterminated string: the closing '\"' is missing")
      }
      switch byte {
      case .quote:
        offset += 1
        return String(decoding: text, as: UTF8.self)
      case .backslash:
        try appendEscape(to: &text)
      case .lineFeed, .carriageReturn:
        throw TOMLError(
          start, "unterminated string: the closing '\"' must be on the same line")
      default:
        if byte.isForbiddenControl {
          throw failure("\(Self.controlName(byte)) is not allowed in a string; use an escape")
        }
        text.append(byte)
        offset += 1
      }
    }
  }

  /// `'...'` taken as written, on one line; the cursor is at the opening apostrophe.
  mutating func parseLiteralString(from start: SourcePosition) throws(TOMLError) -> String {
    offset += 1
    let begin = offset
    while true {
      guard let byte = peek() else {
        throw TOMLError(start, "unterminated string: the closing \"'\" is missing")
      }
      switch byte {
      case .apostrophe:
        offset += 1
        return String(decoding: bytes[begin..<(offset - 1)], as: UTF8.self)
      case .lineFeed, .carriageReturn:
        throw TOMLError(
          start, "unterminated string: the closing \"'\" must be on the same line")
      default:
        if byte.isForbiddenControl {
          throw failure("\(Self.controlName(byte)) is not allowed in a string")
        }
        offset += 1
      }
    }
  }

  /// `"""..."""`: escapes, newlines, and a backslash at the end of a line that joins it to
  /// the next non-blank character. The cursor is at the first of the three quotes.
  mutating func parseMultilineBasicString(
    from start: SourcePosition
  ) throws(TOMLError) -> String {
    offset += 3
    if isAtLineBreak { try consumeNewline() }
    var text: [UInt8] = []
    while true {
      guard let byte = peek() else {
        throw TOMLError(start, "unterminated string: the closing '\"\"\"' is missing")
      }
      switch byte {
      case .quote:
        if try closesMultiline(with: .quote, appendingTo: &text) {
          return String(decoding: text, as: UTF8.self)
        }
      case .backslash:
        if try skipLineEndingBackslash() { continue }
        try appendEscape(to: &text)
      default:
        try appendMultilineByte(byte, to: &text)
      }
    }
  }

  /// `'''...'''` taken as written, newlines included.
  mutating func parseMultilineLiteralString(
    from start: SourcePosition
  ) throws(TOMLError) -> String {
    offset += 3
    if isAtLineBreak { try consumeNewline() }
    var text: [UInt8] = []
    while true {
      guard let byte = peek() else {
        throw TOMLError(start, "unterminated string: the closing \"'''\" is missing")
      }
      if byte == .apostrophe {
        if try closesMultiline(with: .apostrophe, appendingTo: &text) {
          return String(decoding: text, as: UTF8.self)
        }
      } else {
        try appendMultilineByte(byte, to: &text)
      }
    }
  }

  /// One byte of a multi-line string's body; a line break is stored as `\n`.
  private mutating func appendMultilineByte(
    _ byte: UInt8, to text: inout [UInt8]
  ) throws(TOMLError) {
    if isAtLineBreak {
      text.append(.lineFeed)
      try consumeNewline()
      return
    }
    if byte.isForbiddenControl {
      throw failure("\(Self.controlName(byte)) is not allowed in a string")
    }
    text.append(byte)
    offset += 1
  }

  /// At a run of quotes inside a multi-line string: up to two belong to the text, three end
  /// it, and up to two more just before the closing three belong to the text as well.
  private mutating func closesMultiline(
    with quote: UInt8, appendingTo text: inout [UInt8]
  ) throws(TOMLError) -> Bool {
    var count = 0
    while peek(count) == quote { count += 1 }
    if count < 3 {
      text.append(contentsOf: repeatElement(quote, count: count))
      offset += count
      return false
    }
    guard count <= 5 else {
      throw failure("too many quotes in a row: three end the string, at most two may precede them")
    }
    text.append(contentsOf: repeatElement(quote, count: count - 3))
    offset += count
    return true
  }

  /// A backslash followed only by blanks up to the end of the line: skips it, the line break
  /// and all blanks and line breaks after it. Answers false, moving nothing, otherwise.
  private mutating func skipLineEndingBackslash() throws(TOMLError) -> Bool {
    var ahead = 1
    while let byte = peek(ahead), byte.isBlank { ahead += 1 }
    let breaks =
      peek(ahead) == .lineFeed || (peek(ahead) == .carriageReturn && peek(ahead + 1) == .lineFeed)
    guard breaks else { return false }
    offset += ahead
    while let byte = peek() {
      if byte.isBlank {
        offset += 1
      } else if isAtLineBreak {
        try consumeNewline()
      } else {
        break
      }
    }
    return true
  }

  /// Decodes the escape at the cursor (a backslash) into `text`. At the end of the text or of
  /// the line it leaves the cursor there, for the caller to report the unterminated string.
  mutating func appendEscape(to text: inout [UInt8]) throws(TOMLError) {
    let start = here()
    guard let code = peek(1), code != .lineFeed, code != .carriageReturn else {
      offset += 1
      return
    }
    offset += 2
    switch code {
    case UInt8(ascii: "b"): text.append(0x08)
    case UInt8(ascii: "t"): text.append(0x09)
    case UInt8(ascii: "n"): text.append(0x0A)
    case UInt8(ascii: "f"): text.append(0x0C)
    case UInt8(ascii: "r"): text.append(0x0D)
    case .quote: text.append(.quote)
    case .backslash: text.append(.backslash)
    case UInt8(ascii: "u"): try appendUnicodeEscape(digits: 4, from: start, to: &text)
    case UInt8(ascii: "U"): try appendUnicodeEscape(digits: 8, from: start, to: &text)
    default:
      let shown = code.isForbiddenControl ? Self.controlName(code) : character(at: offset - 1)
      throw TOMLError(
        start,
        "invalid escape '\\\(shown)' in a string; the escapes are \\b \\t \\n \\f \\r \\\" "
          + "\\\\ \\uXXXX \\UXXXXXXXX, and a backslash itself is written '\\\\'")
    }
  }

  /// `\uXXXX` or `\UXXXXXXXX`; the cursor is just past the `u` or `U`.
  private mutating func appendUnicodeEscape(
    digits: Int, from start: SourcePosition, to text: inout [UInt8]
  ) throws(TOMLError) {
    let letter = digits == 4 ? "u" : "U"
    var value: UInt32 = 0
    for index in 0..<digits {
      guard let digit = peek(index)?.hexDigitValue else {
        throw TOMLError(
          start,
          "'\\\(letter)' must be followed by exactly \(digits) hexadecimal digits (0-9, A-F); "
            + "a backslash itself is written '\\\\'")
      }
      value = value << 4 | UInt32(digit)
    }
    let written = String(decoding: bytes[offset..<(offset + digits)], as: UTF8.self)
    offset += digits
    guard let scalar = Unicode.Scalar(value) else {
      throw TOMLError(start, "'\\\(letter)\(written)' is not a valid Unicode character")
    }
    text.append(contentsOf: scalar.utf8)
  }
}
