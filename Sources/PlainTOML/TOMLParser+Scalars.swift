/// Values written without quotes: booleans, integers, floats, and dates and times.
extension TOMLParser {
  /// Reads the run of characters numbers, booleans and dates are made of, then decides what
  /// it is. A date and a time may be separated by one space (`2026-09-01 08:30:00`).
  mutating func parseBareValue(from start: SourcePosition) throws(TOMLError) -> TOMLValue {
    let begin = offset
    while let byte = peek(), byte.isBareValueByte { offset += 1 }
    if offset - begin == 10, Self.isDateShaped(bytes[begin..<offset]), peek() == .space,
      peek(1)?.isDigit == true, peek(2)?.isDigit == true, peek(3) == .colon
    {
      offset += 1
      while let byte = peek(), byte.isBareValueByte { offset += 1 }
    }
    let token = Array(bytes[begin..<offset])
    guard let first = token.first else {
      if let byte = peek(), byte >= 0x80 { throw unquotedText(from: begin, at: start) }
      throw failure("expected a value, found \(describeHere())")
    }
    if let byte = peek(), byte >= 0x80 { throw unquotedText(from: begin, at: start) }
    let text = String(decoding: token, as: UTF8.self)
    switch text {
    case "true": return .boolean(true)
    case "false": return .boolean(false)
    case "inf", "+inf": return .float(.infinity, text: text)
    case "-inf": return .float(-.infinity, text: text)
    case "nan", "+nan", "-nan": return .float(.nan, text: text)
    default: break
    }
    if Self.isDateShaped(token[...]) || Self.isTimeShaped(token) {
      return .dateTime(try Self.dateTime(token, text: text, at: start))
    }
    if first == .dot {
      return try Self.float(token, text: Self.shortened(text), at: start)
    }
    guard first.isDigit || first == .plus || first == .minus else {
      throw unquotedText(from: begin, at: start)
    }
    let rest = token.dropFirst(first == .plus || first == .minus ? 1 : 0)
    let isPrefixed =
      rest.count >= 2 && rest.first == UInt8(ascii: "0")
      && Self.radix(of: rest[rest.startIndex + 1]) != nil
    if !isPrefixed,
      token.contains(where: { $0 == .dot || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") })
    {
      return try Self.float(token, text: Self.shortened(text), at: start)
    }
    return .integer(try Self.integer(token, text: Self.shortened(text), at: start))
  }

  /// A word that is not a value: almost always text that lacks its quotes.
  private func unquotedText(from begin: Int, at start: SourcePosition) -> TOMLError {
    let text = word(from: begin, stoppingAtBlanks: false)
    return TOMLError(
      start, "invalid value '\(text)': text must be written in quotes, like \"\(text)\"")
  }

  // MARK: - Integers

  /// Decimal with an optional sign and no leading zeros, or `0x`, `0o`, `0b` without a sign;
  /// `_` only between digits; within the range of a 64-bit integer.
  private static func integer(
    _ token: [UInt8], text: String, at start: SourcePosition
  ) throws(TOMLError) -> Int64 {
    let signed = token.first == .plus || token.first == .minus
    let negative = token.first == .minus
    let body = token.dropFirst(signed ? 1 : 0)
    let tooLarge = TOMLError(
      start, "the number '\(text)' is too large (integers go up to 9223372036854775807)")
    if body.count >= 2, body.first == UInt8(ascii: "0"),
      let radix = radix(of: body[body.startIndex + 1])
    {
      guard !signed else {
        throw TOMLError(
          start, "invalid number '\(text)': a hexadecimal, octal or binary number has no sign")
      }
      let magnitude = try digits(body.dropFirst(2), radix: radix, text: text, at: start)
      guard magnitude <= UInt64(Int64.max) else { throw tooLarge }
      return Int64(magnitude)
    }
    if body.count > 1, body.first == UInt8(ascii: "0") {
      throw TOMLError(start, "invalid number '\(text)': leading zeros are not allowed")
    }
    let magnitude = try digits(body, radix: 10, text: text, at: start)
    if negative {
      guard magnitude <= UInt64(Int64.max) + 1 else { throw tooLarge }
      return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
    }
    guard magnitude <= UInt64(Int64.max) else { throw tooLarge }
    return Int64(magnitude)
  }

  /// The value of digits in `radix` with `_` separators; nil-free: every fault is an error.
  private static func digits(
    _ digits: ArraySlice<UInt8>, radix: UInt64, text: String, at start: SourcePosition
  ) throws(TOMLError) -> UInt64 {
    guard !digits.isEmpty else {
      throw TOMLError(start, "invalid number '\(text)'")
    }
    try checkUnderscores(digits, text: text, at: start)
    var value: UInt64 = 0
    var overflow = false
    for byte in digits where byte != .underscore {
      guard let digit = byte.hexDigitValue, UInt64(digit) < radix else {
        throw TOMLError(start, "invalid number '\(text)'")
      }
      let (shifted, overflowed) = value.multipliedReportingOverflow(by: radix)
      let (sum, carried) = shifted.addingReportingOverflow(UInt64(digit))
      overflow = overflow || overflowed || carried
      value = sum
    }
    if overflow {
      throw TOMLError(
        start, "the number '\(text)' is too large (integers go up to 9223372036854775807)")
    }
    return value
  }

  private static func radix(of letter: UInt8) -> UInt64? {
    switch letter {
    case UInt8(ascii: "x"): 16
    case UInt8(ascii: "o"): 8
    case UInt8(ascii: "b"): 2
    default: nil
    }
  }

  /// Every `_` must stand between two digits.
  private static func checkUnderscores(
    _ digits: ArraySlice<UInt8>, text: String, at start: SourcePosition
  ) throws(TOMLError) {
    for index in digits.indices where digits[index] == .underscore {
      let before = index > digits.startIndex ? digits[index - 1] : nil
      let after = index + 1 < digits.endIndex ? digits[index + 1] : nil
      guard before?.hexDigitValue != nil, after?.hexDigitValue != nil else {
        throw TOMLError(
          start, "invalid number '\(text)': '_' may only stand between two digits")
      }
    }
  }

  // MARK: - Floats

  /// `[sign] int [. digits] [e [sign] digits]`, with a fraction or an exponent or both.
  private static func float(
    _ token: [UInt8], text: String, at start: SourcePosition
  ) throws(TOMLError) -> TOMLValue {
    let invalid = TOMLError(
      start,
      "invalid number '\(text)': write decimals with a dot and digits on both sides, "
        + "like 2.5")
    var index = token.first == .plus || token.first == .minus ? 1 : 0
    let integerStart = index
    index = try digitRun(token, from: index, text: text, at: start)
    guard index > integerStart else { throw invalid }
    if token[integerStart] == UInt8(ascii: "0"), index - integerStart > 1 {
      throw TOMLError(start, "invalid number '\(text)': leading zeros are not allowed")
    }
    if index < token.count, token[index] == .dot {
      let fractionStart = index + 1
      index = try digitRun(token, from: fractionStart, text: text, at: start)
      guard index > fractionStart else { throw invalid }
    }
    if index < token.count, token[index] | 0x20 == UInt8(ascii: "e") {
      index += 1
      if index < token.count, token[index] == .plus || token[index] == .minus { index += 1 }
      let exponentStart = index
      index = try digitRun(token, from: exponentStart, text: text, at: start)
      guard index > exponentStart else { throw invalid }
    }
    guard index == token.count else { throw invalid }
    let plain = String(decoding: token.filter { $0 != .underscore }, as: UTF8.self)
    guard let value = Double(plain) else { throw invalid }
    return .float(value, text: plain)
  }

  /// The end of the run of digits and `_` starting at `start`, checking the underscores.
  private static func digitRun(
    _ token: [UInt8], from start: Int, text: String, at position: SourcePosition
  ) throws(TOMLError) -> Int {
    var end = start
    while end < token.count, token[end].isDigit || token[end] == .underscore { end += 1 }
    if end > start {
      try checkUnderscores(token[start..<end], text: text, at: position)
    }
    return end
  }

  // MARK: - Dates and times

  /// `dddd-` at the start: the beginning of a date, which `dateTime` then checks fully.
  private static func isDateShaped(_ token: ArraySlice<UInt8>) -> Bool {
    let head = Array(token.prefix(5))
    return head.count == 5 && head[0..<4].allSatisfy(\.isDigit) && head[4] == .minus
  }

  /// `dd:` at the start.
  private static func isTimeShaped(_ token: [UInt8]) -> Bool {
    token.count >= 3 && token[0].isDigit && token[1].isDigit && token[2] == .colon
  }

  /// An offset date-time, local date-time, local date or local time, validated.
  private static func dateTime(
    _ token: [UInt8], text: String, at start: SourcePosition
  ) throws(TOMLError) -> TOMLDateTime {
    let shown = shortened(text)
    var index = 0
    var date: TOMLDateTime.CalendarDate?
    if isDateShaped(token[...]) {
      guard let year = number(token, at: 0, length: 4), token.count >= 10, token[4] == .minus,
        let month = number(token, at: 5, length: 2), token[7] == .minus,
        let day = number(token, at: 8, length: 2)
      else {
        throw TOMLError(start, "invalid date '\(shown)': write dates as YYYY-MM-DD")
      }
      guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else {
        throw TOMLError(start, "'\(shown)' is not a real date")
      }
      date = TOMLDateTime.CalendarDate(year: year, month: month, day: day)
      index = 10
      if index == token.count {
        return TOMLDateTime(text: text, date: date, time: nil, offsetMinutes: nil)
      }
      guard token[index] | 0x20 == UInt8(ascii: "t") || token[index] == .space else {
        throw TOMLError(start, "invalid date '\(shown)': write dates as YYYY-MM-DD")
      }
      index += 1
    }
    guard let hour = number(token, at: index, length: 2), index + 8 <= token.count,
      token[index + 2] == .colon, let minute = number(token, at: index + 3, length: 2),
      token[index + 5] == .colon, let second = number(token, at: index + 6, length: 2)
    else {
      throw TOMLError(start, "invalid time in '\(shown)': write times as HH:MM:SS, like 08:30:00")
    }
    index += 8
    var nanosecond = 0
    if index < token.count, token[index] == .dot {
      index += 1
      var scale = 100_000_000
      let fractionStart = index
      while index < token.count, token[index].isDigit {
        nanosecond += Int(token[index] - 0x30) * scale
        scale /= 10
        index += 1
      }
      guard index > fractionStart else {
        throw TOMLError(start, "invalid time in '\(shown)': digits must follow the '.'")
      }
    }
    guard hour <= 23, minute <= 59, second <= 59 else {
      throw TOMLError(start, "'\(shown)' is not a real time of day")
    }
    let time = TOMLDateTime.TimeOfDay(
      hour: hour, minute: minute, second: second, nanosecond: nanosecond)
    var offsetMinutes: Int?
    if date != nil, index < token.count {
      offsetMinutes = try offset(token, at: &index, text: shown, start: start)
    }
    guard index == token.count else {
      throw TOMLError(start, "invalid date-time '\(shown)'")
    }
    return TOMLDateTime(text: text, date: date, time: time, offsetMinutes: offsetMinutes)
  }

  /// `Z` or `±HH:MM` after a date-time.
  private static func offset(
    _ token: [UInt8], at index: inout Int, text: String, start: SourcePosition
  ) throws(TOMLError) -> Int {
    if token[index] | 0x20 == UInt8(ascii: "z") {
      index += 1
      return 0
    }
    let invalid = TOMLError(
      start, "invalid time zone offset in '\(text)': write Z or +HH:MM, like +05:00")
    guard token[index] == .plus || token[index] == .minus,
      let hours = number(token, at: index + 1, length: 2), index + 6 <= token.count,
      token[index + 3] == .colon, let minutes = number(token, at: index + 4, length: 2)
    else { throw invalid }
    guard hours <= 23, minutes <= 59 else { throw invalid }
    let sign = token[index] == .minus ? -1 : 1
    index += 6
    return sign * (hours * 60 + minutes)
  }

  /// `length` decimal digits at `index`, or nil.
  private static func number(_ token: [UInt8], at index: Int, length: Int) -> Int? {
    guard index >= 0, index + length <= token.count else { return nil }
    var value = 0
    for byte in token[index..<(index + length)] {
      guard byte.isDigit else { return nil }
      value = value * 10 + Int(byte - 0x30)
    }
    return value
  }

  /// A token as quoted in a message: whole when short, its first 40 characters otherwise.
  static func shortened(_ text: String) -> String {
    text.count > 40 ? String(text.prefix(40)) + "…" : text
  }

  private static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }
}
