import Testing

@testable import SheetRendering

/// A template text is split once into literal runs and placeholders; doubled braces are
/// literal ones, and a stray brace or an odd name is refused with its reason.
@Suite struct TemplateTextTests {
  @Test func russianTextKeepsEveryLetterAroundItsPlaceholders() throws {
    let text = try TemplateText.parse("Повторная выдача взамен № {replaces}, ёж — {date}.").get()
    #expect(
      text.pieces == [
        .literal("Повторная выдача взамен № "), .placeholder("replaces"), .literal(", ёж — "),
        .placeholder("date"), .literal("."),
      ])
    #expect(
      text.filled(["replaces": "2026-W48-00012", "date": "27.11"])
        == "Повторная выдача взамен № 2026-W48-00012, ёж — 27.11.")
  }

  @Test func doubledBracesAreLiteralBraces() throws {
    let text = try TemplateText.parse("{{Ф}} {n}}}").get()
    #expect(text.pieces == [.literal("{Ф} "), .placeholder("n"), .literal("}")])
    #expect(text.filled(["n": "5"]) == "{Ф} 5}")
  }

  @Test func aCombiningMarkAndAnEmojiStayWhole() throws {
    let source = "e\u{301}👩‍👩‍👧 {page}й\u{306}"
    let text = try TemplateText.parse(source).get()
    #expect(text.filled(["page": "1"]) == "e\u{301}👩‍👩‍👧 1й\u{306}")
  }

  @Test func aTextWithoutBracesIsOneLiteral() throws {
    #expect(try TemplateText.parse("Дневник").get().pieces == [.literal("Дневник")])
    #expect(try TemplateText.parse("").get().pieces.isEmpty)
  }

  @Test(arguments: [
    ("Итог {week", "'{' is never closed"),
    ("Итог } конец", "'}' without '{'"),
    ("Итог {} конец", "'{}' is not a placeholder name"),
    ("Итог {не-имя} конец", "'{не-имя}' is not a placeholder name"),
  ])
  func aStrayBraceOrAnOddNameIsRefused(source: String, reason: String) {
    guard case .failure(let problem) = TemplateText.parse(source) else {
      Issue.record("\(source) was accepted")
      return
    }
    #expect(problem.message.hasPrefix(reason))
  }
}
