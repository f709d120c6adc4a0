import PlainTOML
import Testing

/// Situations from the TOML 1.0 specification and the toml-test suite, written out here.
@Suite("TOML 1.0 conformance")
struct ConformanceTests {
  @Test(arguments: [
    // Quotes next to the delimiters of multi-line strings.
    "one = \"\"\" \"one quote\" \"\"\"\ntwo = \"\"\" \"\"two quotes\"\" \"\"\"\n"
      + "lit_one = ''' 'one quote' '''\nlit_two = ''' ''two quotes'' '''\n"
      + "mismatch1 = \"\"\"aaa'''bbb\"\"\"\nmismatch2 = '''aaa\"\"\"bbb'''\n",
    // Dotted keys holding multi-line strings.
    "foo.bar = \"\"\"\nhello\"\"\"\nfoo.spam = \"\"\"\nhello\n\"\"\"\n"
      + "foo.apple = \"\"\"\nhello\n\nmore\"\"\"\n",
    // Extreme dates.
    "first-offset = 0000-01-01 00:00:00Z\nfirst-local  = 0000-01-01 00:00:00\n"
      + "first-date   = 0000-01-01\nlast-offset = 9999-12-31 23:59:59Z\n"
      + "last-local  = 9999-12-31 23:59:59\nlast-date   = 9999-12-31\n",
    // Comments everywhere they may be.
    "# head\n[t] # after header\nk = [ # open\n  1, # one\n  # alone\n  2 # two\n] # close\n",
    // Keys that look like other things.
    "true = true\nfalse = false\ninf = 1\nnan = 2\n1979-05-27 = 3\n-01 = 4\n0x1 = 5\n",
    "key= \"no space before =\"\nother=\"none at all\"\n",
    "a = [ { b = 1 }, { b = 2 } ]\n",
    "[a.'b c'.\"d\"]\n[a]\n['a'.'b c']\n",
    "exp = 3e01\nneg = -0.0e-00\n",
    "[[a]]\n[[a.b]]\n[a.b.c]\n[[a]]\n",
    "a.b.c = 1\na.d = 2\n[a.e]\n",
  ])
  func validDocumentsParse(_ text: String) {
    #expect(parseError(text) == nil, "rejected: \(text.debugDescription)")
  }

  @Test(arguments: [
    "[fruit]\napple.color = \"red\"\napple.taste.sweet = true\n[fruit.apple.taste]\n",
    "[a.b.c]\n  z = 9\n[a]\n  b.c.t = \"no\"\n",
    "[a.b.c.d]\n  z = 9\n[a]\n  b.c.d.k.t = \"no\"\n",
    "tbl = { fruit = { apple.color = \"red\" }, fruit.apple.texture = { smooth = true } }\n",
    "a = [{ b = 1 }]\n[a.c]\nfoo = 1\n",
    "[product]\ntype.name = \"Nail\"\ntype = { edible = false }\n",
    "capital-hex = 0X1\n", "capital-oct = 0O0\n", "capital-bin = 0B0\n",
    "trailing-us-exp = 1_e2\n", "trailing-us-frac = 1.2_e2\n", "us-after-dot = 1._2\n",
    "leading-zero-3 = 0_0\n", "leading-zero-sign = +0_1\n",
    "bare-formfeed = \u{0C}\n", "bare-vtab = \u{0B}\n",
    "[[a]]\nb = 1\n[a.b]\n",
  ])
  func invalidDocumentsThrow(_ text: String) {
    #expect(parseError(text) != nil, "accepted: \(text.debugDescription)")
  }

  @Test func keysThatLookLikeValuesAreKeys() throws {
    let root = try TOMLDocument.parse("true = 1\n1979-05-27 = 2\n3.14 = 3")
    #expect(root.keys == ["true", "1979-05-27", "3"])
    #expect(root["3"]?.tableValue?["14"]?.integerValue == 3)
  }
}
