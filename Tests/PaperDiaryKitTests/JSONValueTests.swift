import Foundation
import Testing

@testable import PaperDiaryKit

@Suite("JSON text")
struct JSONValueTests {
  @Test("quotes, backslashes and control characters are escaped, and nothing else")
  func escapes() {
    let text = "a\"b\\c\nd\re\tf\u{1}g\u{1F}h\u{7F}"
    #expect(
      JSONValue.string(text).rendered() == #""a\"b\\c\nd\re\tf\u0001g\u001fh"# + "\u{7F}\"")
  }

  @Test("Cyrillic and characters beyond the BMP are written as themselves")
  func unicodeAsItself() {
    let text = "Иванова Мария Петровна 👩‍🎓 «5»"
    #expect(JSONValue.string(text).rendered() == "\"\(text)\"")
    #expect(JSONValue.object([(text, .string(""))]).rendered(pretty: false) == "{\"\(text)\":\"\"}")
  }

  @Test("what is written reads back as the same text")
  func roundTrip() throws {
    let controls = String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init)))
    let texts = [
      "", controls, "\"\\\"", "Ёжик в тумане\n\t«кавычки» \"и\" \\ слэш", "=1+2", "@home",
      "😀 mixed ascii and 日本語", String(repeating: "я\"", count: 500),
    ]
    let json = JSONValue.array(texts.map(JSONValue.string)).rendered()
    let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String]
    #expect(decoded == texts)
  }

  @Test("objects and arrays: two spaces a level when pretty, one line otherwise, empty ones bare")
  func layout() {
    let value = JSONValue.object([
      ("id", .string("W-1")), ("pages", .int(2)), ("average", .number("4.25")),
      ("exempt", .bool(false)), ("replaces", .null), ("none", .array([])), ("empty", .object([])),
      (
        "subjects",
        .array([.object([("marks", .int(-3)), ("entry", .raw("{\"a\":1}"))]), .int(7)])
      ),
    ])
    #expect(
      value.rendered(pretty: false)
        == #"{"id":"W-1","pages":2,"average":4.25,"exempt":false,"replaces":null,"none":[],"#
        + #""empty":{},"subjects":[{"marks":-3,"entry":{"a":1}},7]}"#)
    #expect(
      value.rendered() == """
        {
          "id": "W-1",
          "pages": 2,
          "average": 4.25,
          "exempt": false,
          "replaces": null,
          "none": [],
          "empty": {},
          "subjects": [
            {
              "marks": -3,
              "entry": {"a":1}
            },
            7
          ]
        }
        """)
  }
}
