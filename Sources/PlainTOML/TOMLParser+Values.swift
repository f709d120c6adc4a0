/// Values on the right of `=`: dispatch by first character, arrays and inline tables.
extension TOMLParser {
  /// The value at the cursor, at nesting `depth` (1 for a top-level key's value).
  mutating func parseValue(depth: Int) throws(TOMLError) -> TOMLNode {
    let start = here()
    guard depth <= maxDepth else {
      throw TOMLError(
        start, "tables and arrays nest too deeply (more than \(maxDepth) levels)")
    }
    let value: TOMLValue
    switch peek() {
    case .quote:
      let isMultiline = peek(1) == .quote && peek(2) == .quote
      value = .string(
        isMultiline
          ? try parseMultilineBasicString(from: start) : try parseBasicString(from: start))
    case .apostrophe:
      let isMultiline = peek(1) == .apostrophe && peek(2) == .apostrophe
      value = .string(
        isMultiline
          ? try parseMultilineLiteralString(from: start) : try parseLiteralString(from: start))
    case .openBracket:
      value = try parseArray(from: start, depth: depth)
    case .openBrace:
      value = try parseInlineTable(from: start, depth: depth)
    default:
      value = try parseBareValue(from: start)
    }
    return TOMLNode(value: value, line: start.line, column: start.column)
  }

  /// `[a, b, ...]`, over several lines if needed, with comments and a trailing comma.
  private mutating func parseArray(
    from start: SourcePosition, depth: Int
  ) throws(TOMLError) -> TOMLValue {
    offset += 1
    var elements: [TOMLNode] = []
    while true {
      try skipBlanksNewlinesAndComments()
      switch peek() {
      case nil:
        throw unterminatedArray(start)
      case .closeBracket:
        offset += 1
        return .array(elements)
      default:
        break
      }
      elements.append(try parseValue(depth: depth + 1))
      try skipBlanksNewlinesAndComments()
      switch peek() {
      case .comma:
        offset += 1
      case .closeBracket:
        offset += 1
        return .array(elements)
      case nil:
        throw unterminatedArray(start)
      default:
        throw failure(
          "expected ',' or ']' after an element of the array that starts at line "
            + "\(start.line), found \(describeHere())")
      }
    }
  }

  private func unterminatedArray(_ start: SourcePosition) -> TOMLError {
    TOMLError(start, "unterminated array: the closing ']' is missing")
  }

  /// `{ key = value, ... }` on one line, closed for additions once written.
  private mutating func parseInlineTable(
    from start: SourcePosition, depth: Int
  ) throws(TOMLError) -> TOMLValue {
    offset += 1
    let outerSection = section
    section = nextSection
    nextSection += 1
    defer { section = outerSection }
    let mark = tree.count
    let table = tree.makeInlineTable(at: start, depth: depth, section: section)
    skipBlanks()
    if peek() == .closeBrace {
      offset += 1
    } else {
      parsing: while true {
        try expectInlineTableContinues(start)
        _ = try parseAssignment(in: table)
        skipBlanks()
        switch peek() {
        case .comma:
          offset += 1
          skipBlanks()
          if peek() == .closeBrace {
            throw failure("a comma before '}' is not allowed in an inline table")
          }
        case .closeBrace:
          offset += 1
          break parsing
        default:
          try expectInlineTableContinues(start)
          throw failure("expected ',' or '}' in the inline table, found \(describeHere())")
        }
      }
    }
    let frozen = tree.freeze(table)
    tree.discard(from: mark)
    return .table(frozen)
  }

  /// An inline table may not reach the end of its line or of the text.
  private mutating func expectInlineTableContinues(
    _ start: SourcePosition
  ) throws(TOMLError) {
    if peek() == nil {
      throw TOMLError(start, "unterminated inline table: the closing '}' is missing")
    }
    if isAtLineBreak || peek() == .hash {
      throw failure(
        "an inline table must be written on one line; close it with '}' before the line ends")
    }
  }
}
