/// The ASCII bytes of TOML's grammar, named so that the parser reads like the specification.
extension UInt8 {
  static let tab = UInt8(ascii: "\t")
  static let lineFeed = UInt8(ascii: "\n")
  static let carriageReturn = UInt8(ascii: "\r")
  static let space = UInt8(ascii: " ")
  static let quote = UInt8(ascii: "\"")
  static let apostrophe = UInt8(ascii: "'")
  static let backslash = UInt8(ascii: "\\")
  static let hash = UInt8(ascii: "#")
  static let equals = UInt8(ascii: "=")
  static let dot = UInt8(ascii: ".")
  static let comma = UInt8(ascii: ",")
  static let colon = UInt8(ascii: ":")
  static let plus = UInt8(ascii: "+")
  static let minus = UInt8(ascii: "-")
  static let underscore = UInt8(ascii: "_")
  static let openBracket = UInt8(ascii: "[")
  static let closeBracket = UInt8(ascii: "]")
  static let openBrace = UInt8(ascii: "{")
  static let closeBrace = UInt8(ascii: "}")

  var isDigit: Bool { self >= 0x30 && self <= 0x39 }

  var isASCIILetter: Bool { (self | 0x20) >= 0x61 && (self | 0x20) <= 0x7A }

  /// The value of a hexadecimal digit, or nil.
  var hexDigitValue: UInt8? {
    if isDigit { return self - 0x30 }
    let lower = self | 0x20
    return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : nil
  }

  /// `A-Z a-z 0-9 _ -`, the characters of a key written without quotes.
  var isBareKeyByte: Bool { isASCIILetter || isDigit || self == .underscore || self == .minus }

  /// The characters that numbers, booleans and dates are made of.
  var isBareValueByte: Bool {
    isBareKeyByte || self == .plus || self == .dot || self == .colon
  }

  /// Space or tab, the only whitespace TOML has besides newlines.
  var isBlank: Bool { self == .space || self == .tab }

  /// Control characters TOML forbids in strings and comments: C0 except tab, and DEL.
  var isForbiddenControl: Bool { (self < 0x20 && self != .tab) || self == 0x7F }

  /// A byte that continues a UTF-8 sequence rather than starting a character.
  var isUTF8Continuation: Bool { self & 0xC0 == 0x80 }
}
