import PlainTOML
import Testing

@Suite("Tables, keys and arrays of tables")
struct TableTests {
  @Test func keyKinds() throws {
    let root = try TOMLDocument.parse(
      """
      bare_key-1 = 1
      "quoted key" = 2
      'literal "key"' = 3
      "" = 4
      "ключ" = 5
      1234 = 6
      site."google.com" = true
      fruit . color = "red"
      """)
    #expect(
      root.keys == [
        "bare_key-1", "quoted key", "literal \"key\"", "", "ключ", "1234", "site",
        "fruit",
      ])
    #expect(root["site"]?.tableValue?["google.com"]?.booleanValue == true)
    #expect(root["fruit"]?.tableValue?["color"]?.stringValue == "red")
    #expect(root.line(of: "fruit") == 8)
    #expect(root["fruit"]?.tableValue?.column(of: "color") == 9)
  }

  @Test func dottedKeysExtendTheirTableInTheSameSection() throws {
    let root = try TOMLDocument.parse(
      """
      apple.type = "fruit"
      orange.type = "fruit"
      apple.skin = "thin"
      3.14159 = "pi"
      """)
    #expect(root.keys == ["apple", "orange", "3"])
    #expect(root["apple"]?.tableValue?.keys == ["type", "skin"])
    #expect(root["3"]?.tableValue?["14159"]?.stringValue == "pi")
  }

  @Test func headersAndSubTables() throws {
    let root = try TOMLDocument.parse(
      """
      [x.y.z.w]
      a = 1
      [x]
      b = 2
      [ dog . "tater.man" ]
      type.name = "pug"
      [fruit]
      apple.color = "red"
      [fruit.apple.texture]
      smooth = true
      """)
    #expect(root.keys == ["x", "dog", "fruit"])
    let x = try #require(root["x"]?.tableValue)
    #expect(x.keys == ["y", "b"])
    #expect(root.line(of: "x") == 3)  // the header that defines x, not the one passing through
    #expect(x["y"]?.tableValue?["z"]?.tableValue?["w"]?.tableValue?["a"]?.integerValue == 1)
    #expect(root["dog"]?.tableValue?["tater.man"]?.tableValue?["type"] != nil)
    let apple = try #require(root["fruit"]?.tableValue?["apple"]?.tableValue)
    #expect(apple.keys == ["color", "texture"])
    #expect(apple["texture"]?.tableValue?["smooth"]?.booleanValue == true)
  }

  @Test func emptyTablesAndTablesAfterComments() throws {
    let root = try TOMLDocument.parse("[a]\n[b] # comment\n\n[c]\n")
    #expect(root.keys == ["a", "b", "c"])
    #expect(root["c"]?.line == 4)
  }

  @Test func arraysOfTables() throws {
    let text = """
      [[fruits]]
      name = "apple"

      [fruits.physical]
      color = "red"

      [[fruits.varieties]]
      name = "red delicious"

      [[fruits.varieties]]
      name = "granny smith"

      [[fruits]]
      name = "banana"

      [[fruits.varieties]]
      name = "plantain"
      """
    let root = try TOMLDocument.parse(text)
    let fruits = try #require(root["fruits"]?.arrayValue)
    #expect(fruits.count == 2)
    #expect(fruits.map(\.line) == [1, 13])
    #expect(root["fruits"]?.line == 1)
    #expect(root.line(of: "fruits") == 1)
    let apple = try #require(fruits.first?.tableValue)
    #expect(apple.keys == ["name", "physical", "varieties"])
    #expect(
      apple["varieties"]?.arrayValue?.compactMap { $0.tableValue?["name"]?.stringValue }
        == ["red delicious", "granny smith"])
    #expect(apple.line(of: "varieties") == 7)
    let banana = try #require(fruits.last?.tableValue)
    #expect(banana["varieties"]?.arrayValue?.count == 1)
    #expect(banana.line(of: "name") == 14)
  }

  @Test func emptyArrayOfTablesElements() throws {
    let root = try TOMLDocument.parse(
      "[[products]]\nname = \"Hammer\"\n[[products]]\n[[products]]\ncolor = \"gray\"")
    let products = try #require(root["products"]?.arrayValue)
    #expect(products.map { $0.tableValue?.count } == [1, 0, 1])
  }

  @Test func windowsLineEndingsAndBOM() throws {
    let root = try TOMLDocument.parse("\u{FEFF}a = 1\r\n# c\r\n[t]\r\nb = \"x\" # c\r\n")
    #expect(root.keys == ["a", "t"])
    #expect(root.column(of: "a") == 1)
    #expect(root["t"]?.tableValue?.line(of: "b") == 4)
  }

  @Test func emptyAndBlankDocuments() throws {
    #expect(try TOMLDocument.parse("").isEmpty)
    #expect(try TOMLDocument.parse("\n\n  \t\n# only a comment").isEmpty)
  }

  @Test func columnsCountCharactersNotBytes() throws {
    let root = try TOMLDocument.parse("\"имя\" = \"Ёлка\"\nok = 1")
    #expect(root["имя"]?.column == 9)
    let error = parseError("\"имя\" = \"Ёлка\" да")
    #expect(error?.column == 16)
  }
}
