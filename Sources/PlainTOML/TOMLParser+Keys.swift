/// Keys: bare, quoted and dotted, as used on the left of `=` and inside `[headers]`.
extension TOMLParser {
  /// A dotted key such as `a."b c".d`, with blanks allowed around the dots.
  mutating func parseKey() throws(TOMLError) -> [TableTree.KeyPart] {
    var parts: [TableTree.KeyPart] = []
    while true {
      skipBlanks()
      let part = try parseSimpleKey()
      parts.append(part)
      if parts.count > maxDepth {
        throw TOMLError(part.position, "key has too many parts (more than \(maxDepth))")
      }
      skipBlanks()
      guard peek() == .dot else { return parts }
      offset += 1
    }
  }

  private mutating func parseSimpleKey() throws(TOMLError) -> TableTree.KeyPart {
    let start = here()
    let name: String
    switch peek() {
    case .quote:
      if peek(1) == .quote, peek(2) == .quote {
        throw failure("a key cannot be a multi-line string")
      }
      name = try parseBasicString(from: start)
    case .apostrophe:
      if peek(1) == .apostrophe, peek(2) == .apostrophe {
        throw failure("a key cannot be a multi-line string")
      }
      name = try parseLiteralString(from: start)
    default:
      let begin = offset
      while let byte = peek(), byte.isBareKeyByte { offset += 1 }
      if let byte = peek(), byte >= 0x80 {
        let key = word(from: begin)
        throw TOMLError(
          start,
          "the key '\(key)' must be written in quotes, like \"\(key)\": without quotes a key "
            + "may only use the letters A-Z and a-z, digits, '_' and '-'")
      }
      guard offset > begin else {
        throw failure("expected a key, found \(describeHere())")
      }
      name = String(decoding: bytes[begin..<offset], as: UTF8.self)
    }
    return TableTree.KeyPart(name: name, position: start)
  }
}
