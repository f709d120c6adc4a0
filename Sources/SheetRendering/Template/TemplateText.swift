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
    var pieces: [Piece] = []
    var literal = ""
    var index = source.startIndex
    while index < source.endIndex {
      let character = source[index]
      let next = source.index(after: index)
      if character == "{", next < source.endIndex, source[next] == "{" {
        literal.append("{")
        index = source.index(after: next)
        continue
      }
      if character == "}", next < source.endIndex, source[next] == "}" {
        literal.append("}")
        index = source.index(after: next)
        continue
      }
      if character == "{" {
        guard let close = source[next...].firstIndex(of: "}") else {
          return .failure(TemplateProblem("'{' is never closed (write '{{' for a brace)"))
        }
        let name = String(source[next..<close])
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
          return .failure(TemplateProblem("'{\(name)}' is not a placeholder name"))
        }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        literal = ""
        pieces.append(.placeholder(name))
        index = source.index(after: close)
        continue
      }
      if character == "}" {
        return .failure(TemplateProblem("'}' without '{' (write '}}' for a brace)"))
      }
      literal.append(character)
      index = next
    }
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
