/// One object at a time: walked token by token outside its stream data, then copied under a new
/// number with every reference renumbered and its stream data byte for byte, never decoded.
extension PDFSource {
  /// Where an object's text lies and where its references are.
  struct Object {
    /// From just after `n 0 obj` to the end of its `endobj`, stream data included.
    let body: Range<Int>
    /// Each `n 0 R` outside strings, comments and stream data, in order.
    let references: [Reference]
  }

  /// One reference: the object it names and the bytes of its three tokens.
  struct Reference {
    let target: Int
    let range: Range<Int>
  }

  /// Object `number`, having checked that it is a value (and perhaps a stream whose data its
  /// `/Length` skips exactly) followed by `endobj`, with references to generation 0 only and no
  /// object or cross-reference stream.
  func object(_ number: Int) throws(PDFUnsupported) -> Object {
    var lexer = try Self.lexer(at: number, offsets: offsets, bytes: bytes)
    let start = lexer.position
    var references: [Reference] = []
    var depth = 0
    var earlier = PDFToken.none
    var previous = PDFToken.none
    // The token after a `/Length` key of the object's own dictionary, and the object it
    // refers to when it is a reference.
    var length = PDFToken.none
    var lengthObject: Int?
    var lengthKey = false
    while true {
      let token = try lexer.next()
      switch token.kind {
      case .end:
        throw PDFUnsupported(reason: "object \(number) has no endobj")
      case .dictionaryOpen, .arrayOpen:
        depth += 1
      case .dictionaryClose, .arrayClose:
        depth -= 1
        guard depth >= 0 else {
          throw PDFUnsupported(reason: "object \(number) closes more than it opens")
        }
      case .name:
        if lexer.isName(token, "ObjStm") || lexer.isName(token, "XRef") {
          throw PDFUnsupported(reason: "object \(number) is an object or cross-reference stream")
        }
      case .keyword where lexer.isKeyword(token, "R"):
        guard earlier.kind == .integer, previous.kind == .integer, earlier.value >= 0 else {
          throw PDFUnsupported(
            reason: "object \(number) has an R at byte \(token.start) "
              + "that does not end a reference")
        }
        guard previous.value == 0 else {
          throw PDFUnsupported(
            reason: "object \(number) refers to generation \(previous.value) of an object")
        }
        if earlier.start == length.start { lengthObject = earlier.value }
        references.append(Reference(target: earlier.value, range: earlier.start..<token.end))
      case .keyword where lexer.isKeyword(token, "endobj"):
        guard depth == 0 else {
          throw PDFUnsupported(reason: "object \(number) ends inside a dictionary or array")
        }
        return Object(body: start..<token.end, references: references)
      case .keyword where lexer.isKeyword(token, "stream"):
        guard depth == 0 else {
          throw PDFUnsupported(reason: "object \(number)'s stream starts inside its value")
        }
        let end = try streamEnd(
          of: number, keyword: token, length: length, lengthObject: lengthObject, lexer: &lexer)
        return Object(body: start..<end, references: references)
      case .keyword:
        guard
          lexer.isKeyword(token, "true") || lexer.isKeyword(token, "false")
            || lexer.isKeyword(token, "null")
        else {
          throw PDFUnsupported(
            reason: "object \(number) has '\(lexer.text(token.start..<token.end))' at byte "
              + "\(token.start)")
        }
      default:
        break
      }
      if lengthKey { length = token }
      lengthKey = depth == 1 && token.kind == .name && lexer.isName(token, "Length")
      earlier = previous
      previous = token
    }
  }

  /// Writes `object`, which is object `number`, as object `numbers[number]`, each reference to
  /// `target` as one to `numbers[target]`.
  func copy(_ number: Int, _ object: Object, numbers: [Int], into writer: inout PDFWriter)
    throws(PDFUnsupported)
  {
    writer.begin(object: numbers[number])
    try copyBody(number, object, numbers: numbers, into: &writer)
  }

  /// Writes the body of `object`, which is object `number`, after its `begin`: everything after
  /// `n 0 obj` to the end of its `endobj` and a line feed, each reference to `target` as one to
  /// `numbers[target]`.
  func copyBody(_ number: Int, _ object: Object, numbers: [Int], into writer: inout PDFWriter)
    throws(PDFUnsupported)
  {
    var copiedTo = object.body.lowerBound
    for reference in object.references {
      let target = reference.target
      guard target < numbers.count, numbers[target] > 0 else {
        throw refusal(of: target, from: number)
      }
      writer.append(bytes, copiedTo..<reference.range.lowerBound)
      writer.append(number: numbers[target])
      writer.append(" 0 R")
      copiedTo = reference.range.upperBound
    }
    writer.append(bytes, copiedTo..<object.body.upperBound)
    writer.append("\n")
  }

  /// Why object `number`'s reference to `target`, which is not copied, cannot be.
  func refusal(of target: Int, from number: Int) -> PDFUnsupported {
    let what =
      switch target {
      case catalog: "the catalog"
      case info: "the info dictionary"
      case _ where target >= offsets.count || offsets[target] < 0:
        "object \(target), which is not in the xref"
      default: "object \(target), which is not copied"
      }
    return PDFUnsupported(reason: "object \(number) refers to \(what)")
  }

  /// The end of `endobj` after the stream whose `stream` keyword is `keyword`, its data
  /// skipped by its `/Length`: the integer `token`, or the integer object `lengthObject`.
  private func streamEnd(
    of number: Int, keyword: PDFToken, length token: PDFToken, lengthObject: Int?,
    lexer: inout PDFLexer
  ) throws(PDFUnsupported) -> Int {
    let length: Int
    if let lengthObject {
      let value = try Self.value(of: lengthObject, offsets: offsets, bytes: bytes)
      guard case .integer(let value) = value, value >= 0 else {
        throw PDFUnsupported(
          reason: "object \(number)'s /Length \(lengthObject) 0 R is not a whole number")
      }
      length = value
    } else if token.kind == .integer, token.value >= 0 {
      length = token.value
    } else {
      throw PDFUnsupported(reason: "object \(number)'s stream has no /Length")
    }
    var start = keyword.end
    if start < bytes.count, bytes[start] == PDFByte.carriageReturn { start += 1 }
    guard start < bytes.count, bytes[start] == PDFByte.lineFeed,
      length <= bytes.count - start - 1
    else {
      throw PDFUnsupported(
        reason: "object \(number)'s stream at byte \(keyword.start) is cut short or its "
          + "keyword is not followed by an end of line")
    }
    lexer.position = start + 1 + length
    let wrong = PDFUnsupported(
      reason: "object \(number)'s stream data is not followed by endstream and endobj "
        + "(a wrong /Length \(length)?)")
    let (endstream, endobj): (PDFToken, PDFToken)
    do { (endstream, endobj) = (try lexer.next(), try lexer.next()) } catch { throw wrong }
    guard lexer.isKeyword(endstream, "endstream"), lexer.isKeyword(endobj, "endobj"),
      bytes[(start + 1 + length)..<endstream.start].allSatisfy(PDFLexer.isSpace)
    else { throw wrong }
    return endobj.end
  }
}
