import PlainTOML
import Testing

@Suite("Malformed and hostile input")
struct RobustnessTests {
  /// Inputs that must be refused with an error, never accepted and never a crash.
  @Test(arguments: [
    "a", "a =", "a = ", "=", "\"", "'", "\"\"\"", "'''", "[", "[[", "[a", "[[a]", "[a]]", "]",
    "a = [", "a = [1", "a = [1,", "a = {", "a = {a", "a = {a =", "a = {a = 1", "a = {a = 1,",
    "a = }", "a = ]", "a = ,", "a = 1,", "a = \"\\", "a = \"\\u", "a = \"\\U0000",
    "a = \"\"\"\\", "a = 1.", "a = 1e", "a = 1e+", "a = +", "a = -", "a = 0x", "a = 0b", "a = 0o",
    "a = 0x_1", "a = 1_", "a = _1", "a = 1.2.3", "a = 01", "a = 0123.4", "a = +-1", "a = ++1",
    "a = 1__2", "a = 0xG", "a = 0o8", "a = +inf_", "a = infinity", "a = NaN", "a = TRUE",
    "a = truex", "a = 1979-05-27T", "a = 1979-05-27T07", "a = 1979-05-27T07:32",
    "a = 1979-05-27T07:32:00.", "a = 1979-05-27T07:32:00+", "a = 1979-05-27T07:32:00+07",
    "a = 1979-05-27T07:32:00+07:0", "a = 1979-05-27T07:32:00Zx", "a = 1979-05-27 07",
    "a = 1979-05-32", "a = 1979-00-10", "a = 1979-04-31", "a = 07:32:00Z", "a = 07:32:60",
    "a = 24:00:00", "a = 1979-05-27T07:32:00+24:00", "a = 12345-01-01", "a = 1979-05",
    "a = 9223372036854775808", "a = -9223372036854775809", "a = 0x8000000000000000",
    "a = 0xFFFFFFFFFFFFFFFFFF", "a = 99999999999999999999999999", "a = 1 = 2", "a.b.=1",
    "a..b = 1", ".a = 1", "a = 1\na = 2", "a = 1\n[a]", "[a]\n[a]", "[a]\n[[a]]", "[[a]]\n[a]",
    "a = []\n[[a]]", "a = {}\n[a]", "a = {}\na.b = 1", "a = { b = {} }\n[a.b]",
    "a = { b.c = 1, b = 2 }", "a = {b = 1,}", "a = {,}", "a = { b = 1\n}", "a = [1 2]",
    "a = [1,,]", "a = [,]", "a = 1 # \u{00}", "a = \"\u{00}\"", "a = '\u{7F}'", "a = 1\r",
    "\r", "a\r= 1", "\"a\nb\" = 1", "'''a''' = 1", "[\"\"\"a\"\"\"]", "[a.]", "[.a]", "[a b]",
    "[a]b", "[[a]]b", "a = \"\"\"x\"\"\"\"\"\"", "a = '''x''''''", "ключ = 1", "a = значение",
    "a = \"\\uDFFF\"", "a = \"\\U0011FFFF\"", "a = \"\\x41\"", "a = \"\\ \"", "a = \"\\e\"",
    "a = 'x' 'y'", "a = [\"x\" \"y\"]", "[a]\nb.c = 1\n[a.b]", "[a.b.c]\n[a]\nb.c.d = 1",
  ])
  func malformedInputThrows(_ text: String) {
    #expect(parseError(text) != nil, "accepted: \(text.debugDescription)")
  }

  @Test func nestingIsCappedForArrays() throws {
    let depth = TOMLDocument.maxNestingDepth
    let ok = "a = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    #expect(parseError(ok) == nil)
    let deep =
      "a = " + String(repeating: "[", count: depth + 1)
      + String(repeating: "]", count: depth + 1)
    let error = try #require(parseError(deep))
    #expect(error.message == "tables and arrays nest too deeply (more than 128 levels)")
    #expect(error.line == 1)
    #expect(error.column == 5 + depth)
    // Far deeper than any stack could take, and unterminated.
    #expect(parseError("a = " + String(repeating: "[", count: 1_000_000)) != nil)
    #expect(parseError("a = " + String(repeating: "{b=", count: 200_000)) != nil)
    #expect(parseError(String(repeating: "[{a=", count: 100_000)) != nil)
  }

  @Test func nestingIsCappedForKeysAndHeaders() {
    let parts = Array(repeating: "k", count: 100_000)
    #expect(parseError(parts.joined(separator: ".") + " = 1") != nil)
    #expect(parseError("[" + parts.joined(separator: ".") + "]") != nil)
    #expect(parseError("[[" + parts.joined(separator: ".") + "]]") != nil)
    let headers = (1...200).map {
      "[" + Array(repeating: "t", count: $0).joined(separator: ".") + "]"
    }
    #expect(parseError(headers.joined(separator: "\n"))?.line == 129)
    #expect(
      parseError("a = {" + Array(repeating: "b", count: 127).joined(separator: ".") + " = 1}")
        == nil)
  }

  @Test func largeInputsStayLinear() throws {
    let manyKeys = (0..<20_000).map { "key\($0) = \($0)" }.joined(separator: "\n")
    #expect(try TOMLDocument.parse(manyKeys).count == 20_000)
    let oneLongLine = "a = [" + Array(repeating: "1", count: 100_000).joined(separator: ", ") + "]"
    #expect(try TOMLDocument.parse(oneLongLine)["a"]?.arrayValue?.last?.column == 300_003)
    let manyElements = String(repeating: "[[t]]\nx = 1\n", count: 20_000)
    #expect(try TOMLDocument.parse(manyElements)["t"]?.arrayValue?.count == 20_000)
    let longString = "s = \"" + String(repeating: "ж", count: 500_000) + "\""
    #expect(try TOMLDocument.parse(longString)["s"]?.stringValue?.count == 500_000)
  }

  @Test func hugeTokensAreQuotedShortly() throws {
    let error = try #require(parseError("n = " + String(repeating: "9", count: 100_000)))
    #expect(error.message.count < 120)
    #expect(error.message.hasPrefix("the number '9999"))
    let date = try #require(
      parseError("d = 2026-09-01T08:30:00." + String(repeating: "x", count: 1000)))
    #expect(date.message.count < 120)
  }

  /// Random mutations of valid documents: each either parses or throws.
  @Test func mutatedDocumentsNeverCrash() {
    var generator = SplitMix64(seed: 0x5EED)
    let seeds = [
      SchoolFileTests.text,
      "[[fruits]]\nname = \"apple\"\n[fruits.physical]\ncolor = 'red'\n[[fruits.varieties]]\n"
        + "name = \"\"\"red\\\n  delicious\"\"\"\n",
      "a = [1, [2.5e3, { b = 0x1F, c = 1979-05-27T07:32:00Z }], '''x''', -inf]\n"
        + "t.u.v = 2026-09-01 08:30:00\n",
    ]
    let alphabet = Array("[]{}=,.\"'#\\\n\r\t _-+:0123456789eExobTZaz\u{0}ж".utf8)
    for round in 0..<3_000 {
      var bytes = Array(seeds[round % seeds.count].utf8)
      for _ in 0..<(1 + Int(generator.next() % 8)) {
        let position = Int(generator.next() % UInt64(bytes.count + 1))
        switch generator.next() % 3 {
        case 0 where position < bytes.count:
          bytes.remove(at: position)
        case 1:
          bytes.insert(alphabet[Int(generator.next() % UInt64(alphabet.count))], at: position)
        default:
          if position < bytes.count {
            bytes[position] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
          }
        }
      }
      let text = String(decoding: bytes, as: UTF8.self)
      if let error = parseError(text) {
        #expect(error.line >= 1 && error.column >= 1)
        #expect(!error.message.isEmpty)
      }
    }
  }
}

/// A small deterministic generator, so a failing mutation can be reproduced.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
