/// One text of a template, split once at load time into literal runs and `{placeholders}`, so
/// filling it in is a join and a misspelt placeholder is caught when the template is read.
struct TemplateText: Sendable, Hashable {
  enum Piece: Sendable, Hashable {
    case literal(String)
    case placeholder(String)
  }

  let pieces: [Piece]

  /// The placeholders the text uses, in order.
  var placeholders: [String] {
    pieces.compactMap {
      if case .placeholder(let name) = $0 { return name }
      return nil
    }
  }

  /// Splits `source`; `{{` and `}}` stand for literal braces. Returns nil with a reason when a
  /// brace is left open or a placeholder name is empty.
  static func parse(_ source: String) -> Result<TemplateText, TemplateProblem> {
    // Braces are ASCII, so the text is scanned as UTF-8 bytes: comparing `Character`s would
    // run Unicode comparison on every letter of a Russian text.
    let open = UInt8(ascii: "{")
    let close = UInt8(ascii: "}")
    let bytes = source.utf8
    var pieces: [Piece] = []
    var literal = ""
    var run = bytes.startIndex
    var index = run
    while index < bytes.endIndex {
      let byte = bytes[index]
      guard byte == open || byte == close else {
        index = bytes.index(after: index)
        continue
      }
      literal += Substring(bytes[run..<index])
      let next = bytes.index(after: index)
      if next < bytes.endIndex, bytes[next] == byte {
        literal.append(byte == open ? "{" : "}")
        index = bytes.index(after: next)
        run = index
        continue
      }
      guard byte == open else {
        return .failure(TemplateProblem("'}' without '{' (write '}}' for a brace)"))
      }
      guard let end = bytes[next...].firstIndex(of: close) else {
        return .failure(TemplateProblem("'{' is never closed (write '{{' for a brace)"))
      }
      let name = String(Substring(bytes[next..<end]))
      guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
        return .failure(TemplateProblem("'{\(name)}' is not a placeholder name"))
      }
      if !literal.isEmpty { pieces.append(.literal(literal)) }
      literal = ""
      pieces.append(.placeholder(name))
      index = bytes.index(after: end)
      run = index
    }
    literal += Substring(bytes[run..<index])
    if !literal.isEmpty { pieces.append(.literal(literal)) }
    return .success(TemplateText(pieces: pieces))
  }

  /// The text with every placeholder replaced by its value (the catalog guarantees each name
  /// has one; a missing value prints as nothing rather than as a brace).
  func filled(_ values: [String: String]) -> String {
    var text = ""
    for piece in pieces {
      switch piece {
      case .literal(let literal): text += literal
      case .placeholder(let name): text += values[name] ?? ""
      }
    }
    return text
  }
}

/// Why a template value was refused, before the loader adds file, line and key.
struct TemplateProblem: Error, Sendable {
  let message: String
  init(_ message: String) { self.message = message }
}
