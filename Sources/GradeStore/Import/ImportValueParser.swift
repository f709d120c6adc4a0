import DiaryRules
import Foundation

/// Reads the value forms DESIGN §2 allows in an import file's fields: dates, times, decimals,
/// yes/no, integers and codes.
///
/// Every parser returns nil on input it does not accept, and the importer words the error with
/// the file, line and column it knows. Only times depend on the school, through its time zone,
/// so the zone-free parsers are static. Build one value per import: `init` walks the zone's
/// offset changes once so that each of a million `entered_at` values costs a binary search,
/// not a trip through `Calendar`.
public struct ImportValueParser: Sendable {
  /// The school's zone: a time written without an offset is a wall-clock time there.
  public let timeZone: TimeZone
  private let offsets: ZoneOffsetTable

  public init(timeZone: TimeZone) {
    self.timeZone = timeZone
    offsets = ZoneOffsetTable(timeZone)
  }

  // MARK: - Dates and times

  /// A date: `2026-11-23`, `23.11.2026`, `1.9.2026`, `14.11.21` (20yy), or a date-time such as
  /// `2025-09-03T00:00:00+05:00` or `23.11.2026 0:00`, which means its date as written
  /// whatever the offset. Nil for other forms and for days that do not exist (31.04.2026).
  public static func date(_ text: String) -> LocalDate? {
    withTrimmedUTF8(text) { DateTimeText.parse($0) }?.date
  }

  /// An instant: `2026-11-23T14:05:00+05:00`, `…Z`, `…+0500`, `2026-11-23T14:05`,
  /// `2026-11-23 14:05`, `23.11.2026 14:05`; seconds (and a fraction of them) optional.
  ///
  /// Without an offset the time is on the school's clock; a time that a spring-forward change
  /// skips is read as if the change had not happened yet (02:30 becomes 03:30), and one that a
  /// fall-back change repeats means its first occurrence. A date alone is not a time.
  public func time(_ text: String) -> Date? {
    guard let parsed = ImportValueParser.withTrimmedUTF8(text, { DateTimeText.parse($0) }),
      let clock = parsed.secondsOfDay
    else { return nil }
    let local = parsed.date.dayNumber * 86_400 + clock
    let offset = parsed.offset ?? offsets.offset(atLocal: local)
    return Date(timeIntervalSince1970: Double(local - offset) + parsed.fraction)
  }

  // MARK: - Numbers

  /// A decimal written `1.5` or `1,5`, with the number of digits after the separator so that
  /// a caller can hold weights to four. Exponents, grouping, spaces inside, a bare separator
  /// (`1.`, `.5`) and more digits than 64 bits hold (about 19) are refused; a sign is taken
  /// only when `allowsSign`.
  public static func decimal(
    _ text: String, allowsSign: Bool = false
  ) -> (value: Decimal, fractionDigits: Int)? {
    withTrimmedUTF8(text) { (u) -> (value: Decimal, fractionDigits: Int)? in
      var i = 0
      var negative = false
      if allowsSign, i < u.count, u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+") {
        negative = u[i] == UInt8(ascii: "-")
        i += 1
      }
      var significand: UInt64 = 0
      var integerDigits = 0
      var fractionDigits = 0
      var inFraction = false
      while i < u.count {
        let byte = u[i]
        if byte == UInt8(ascii: ".") || byte == UInt8(ascii: ",") {
          guard !inFraction, integerDigits > 0 else { return nil }
          inFraction = true
        } else if let digit = digitValue(byte) {
          let (times10, o1) = significand.multipliedReportingOverflow(by: 10)
          let (sum, o2) = times10.addingReportingOverflow(UInt64(digit))
          guard !o1, !o2 else { return nil }
          significand = sum
          if inFraction { fractionDigits += 1 } else { integerDigits += 1 }
        } else {
          return nil
        }
        i += 1
      }
      guard integerDigits > 0, !inFraction || fractionDigits > 0 else { return nil }
      let value = Decimal(
        sign: negative && significand != 0 ? .minus : .plus, exponent: -fractionDigits,
        significand: Decimal(significand))
      return (value, fractionDigits)
    }
  }

  /// A whole number, optionally signed; nil for anything else, including `1.0` and overflow.
  public static func integer(_ text: String) -> Int? {
    withTrimmedUTF8(text) { (u) -> Int? in
      var i = 0
      var negative = false
      if i < u.count, u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+") {
        negative = u[i] == UInt8(ascii: "-")
        i += 1
      }
      guard i < u.count else { return nil }
      var value = 0
      while i < u.count {
        guard let digit = digitValue(u[i]) else { return nil }
        let (times10, o1) = value.multipliedReportingOverflow(by: 10)
        let (sum, o2) =
          negative
          ? times10.subtractingReportingOverflow(digit) : times10.addingReportingOverflow(digit)
        guard !o1, !o2 else { return nil }
        value = sum
        i += 1
      }
      return value
    }
  }

  // MARK: - Words

  /// `yes`/`no` or `да`/`нет`, in any case; nil for anything else (an empty field included,
  /// so that the caller decides what a missing value means).
  public static func yesNo(_ text: String) -> Bool? {
    switch code(text) {
    case "yes", "да": return true
    case "no", "нет": return false
    default: return nil
    }
  }

  /// The form in which codes and enum values are compared: trimmed and lower-cased, so that
  /// Сетевой город's `НП` matches `нп` and ` Post` matches `post`.
  public static func code(_ text: String) -> String {
    if let ascii = asciiCode(text) { return ascii }
    let scalars = text.unicodeScalars
    guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
      let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
    else { return "" }
    return String(scalars[first...last]).lowercased()
  }

  /// `code` for ASCII text without Unicode property lookups, which dominate on a million
  /// `counted` values; nil when the text has anything beyond ASCII.
  private static func asciiCode(_ text: String) -> String? {
    var text = text
    return text.withUTF8 { (u) -> String? in
      var start = 0
      var end = u.count
      while start < end && isASCIIWhitespace(u[start]) { start += 1 }
      while end > start && isASCIIWhitespace(u[end - 1]) { end -= 1 }
      for byte in u[start..<end] where byte >= 0x80 { return nil }
      return String(unsafeUninitializedCapacity: end - start) { buffer in
        for k in start..<end {
          let byte = u[k]
          let isUpper = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")
          buffer[k - start] = isUpper ? byte + 32 : byte
        }
        return end - start
      }
    }
  }

  /// The ASCII characters `Unicode.Scalar.Properties.isWhitespace` accepts: tab to CR, space.
  static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
    (0x09...0x0D).contains(byte) || byte == 0x20
  }

  // MARK: - Bytes

  /// Runs `body` over the UTF-8 of `text` without surrounding ASCII spaces and tabs.
  static func withTrimmedUTF8<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    var text = text
    return text.withUTF8 { u in
      var start = 0
      var end = u.count
      while start < end && isBlank(u[start]) { start += 1 }
      while end > start && isBlank(u[end - 1]) { end -= 1 }
      return body(UnsafeBufferPointer(rebasing: u[start..<end]))
    }
  }

  static func isBlank(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
  }

  static func digitValue(_ byte: UInt8) -> Int? {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
  }
}

// MARK: - Date-time grammar

/// A date with an optional clock time and offset, as written; the grammar both `date` and
/// `time` accept.
///
/// ```
/// iso      = YYYY "-" MM "-" DD [ ("T" | " "+) clock [ offset ] ]
/// dotted   = D[D] "." M[M] "." (YYYY | YY) [ " "+ clock ]
/// clock    = H[H] ":" MM [ ":" SS [ ("." | ",") fraction ] ]
/// offset   = "Z" | ("+" | "-") HH [ [":"] MM ]
/// ```
private struct DateTimeText {
  var date: LocalDate
  var secondsOfDay: Int?
  var fraction: Double = 0
  /// Seconds east of UTC, when the text names an offset.
  var offset: Int?

  static func parse(_ u: UnsafeBufferPointer<UInt8>) -> DateTimeText? {
    var cursor = Cursor(u: u)
    guard let first = cursor.number(maxDigits: 4) else { return nil }
    let iso: Bool
    let year: Int
    let month: Int
    let day: Int
    if first.digits == 4, cursor.skip("-") {
      guard let m = cursor.number(exactDigits: 2), cursor.skip("-"),
        let d = cursor.number(exactDigits: 2)
      else { return nil }
      (iso, year, month, day) = (true, first.value, m.value, d.value)
    } else if first.digits <= 2, cursor.skip(".") {
      guard let m = cursor.number(maxDigits: 2), cursor.skip("."),
        let y = cursor.number(maxDigits: 4), y.digits == 2 || y.digits == 4
      else { return nil }
      let fullYear = y.digits == 2 ? 2000 + y.value : y.value
      (iso, year, month, day) = (false, fullYear, m.value, first.value)
    } else {
      return nil
    }
    guard let date = LocalDate(year: year, month: month, day: day) else { return nil }
    var result = DateTimeText(date: date)
    if cursor.atEnd { return result }

    var separated = iso && (cursor.skip("T") || cursor.skip("t"))
    if !separated {
      while cursor.skip(" ") { separated = true }
    }
    guard separated, let hour = cursor.number(maxDigits: 2), hour.value <= 23, cursor.skip(":"),
      let minute = cursor.number(exactDigits: 2), minute.value <= 59
    else { return nil }
    var seconds = hour.value * 3600 + minute.value * 60
    if cursor.skip(":") {
      guard let second = cursor.number(exactDigits: 2), second.value <= 59 else { return nil }
      seconds += second.value
      if cursor.skip(".") || cursor.skip(",") {
        guard let fraction = cursor.number(maxDigits: 9) else { return nil }
        result.fraction = Double(fraction.value) / pow(10, Double(fraction.digits))
      }
    }
    result.secondsOfDay = seconds
    if cursor.atEnd { return result }

    guard iso else { return nil }
    if cursor.skip("Z") || cursor.skip("z") {
      result.offset = 0
    } else {
      let sign: Int
      if cursor.skip("+") {
        sign = 1
      } else if cursor.skip("-") {
        sign = -1
      } else {
        return nil
      }
      guard let hours = cursor.fixed(2), hours <= 18 else { return nil }
      var minutes = 0
      if !cursor.atEnd {
        _ = cursor.skip(":")
        guard let m = cursor.fixed(2), m <= 59 else { return nil }
        minutes = m
      }
      result.offset = sign * (hours * 3600 + minutes * 60)
    }
    return cursor.atEnd ? result : nil
  }

  /// A read position in the trimmed UTF-8 of a field.
  struct Cursor {
    let u: UnsafeBufferPointer<UInt8>
    var i = 0

    var atEnd: Bool { i >= u.count }

    mutating func skip(_ ascii: Unicode.Scalar) -> Bool {
      guard i < u.count, u[i] == UInt8(ascii: ascii) else { return false }
      i += 1
      return true
    }

    /// One to `maxDigits` decimal digits (and no more follow); nil when there are none.
    mutating func number(maxDigits: Int) -> (value: Int, digits: Int)? {
      var value = 0
      var digits = 0
      while i < u.count, let digit = ImportValueParser.digitValue(u[i]) {
        guard digits < maxDigits else { return nil }
        value = value * 10 + digit
        digits += 1
        i += 1
      }
      return digits > 0 ? (value, digits) : nil
    }

    /// Exactly `count` digits, whatever follows (`+0500` is hours `05`, then minutes `00`).
    mutating func fixed(_ count: Int) -> Int? {
      guard i + count <= u.count else { return nil }
      var value = 0
      for k in i..<(i + count) {
        guard let digit = ImportValueParser.digitValue(u[k]) else { return nil }
        value = value * 10 + digit
      }
      i += count
      return value
    }

    /// Exactly `exactDigits` digits with no further digit after them.
    mutating func number(exactDigits: Int) -> (value: Int, digits: Int)? {
      guard let n = number(maxDigits: exactDigits), n.digits == exactDigits else { return nil }
      return n
    }
  }
}

// MARK: - Zone offsets

/// A zone's UTC offsets as a sorted table of its changes, so that a wall-clock time becomes an
/// instant by binary search instead of a `Calendar` computation.
///
/// The table holds the changes Foundation reports between 1900 and 2100 (daylight saving and
/// changes of standard time alike, such as Russia's in 2011 and 2014); times outside that span
/// ask the zone directly.
private struct ZoneOffsetTable: Sendable {
  let timeZone: TimeZone
  /// Instants (seconds since 1970, UTC) at which the offset changes, ascending.
  let changes: [Int]
  /// `offsets[k]` holds from `changes[k - 1]` until `changes[k]`; one more than `changes`.
  let offsets: [Int]
  /// `changes[k] + offsets[k + 1]`: the first wall-clock time after change `k`, ascending.
  let localStarts: [Int]
  /// Wall-clock span within which the table is complete.
  let localRange: ClosedRange<Int>

  static let firstInstant = -2_208_988_800  // 1900-01-01T00:00:00Z
  static let lastInstant = 4_102_444_800  // 2100-01-01T00:00:00Z

  init(_ timeZone: TimeZone) {
    self.timeZone = timeZone
    var changes: [Int] = []
    var cursor = Date(timeIntervalSince1970: Double(Self.firstInstant))
    var offsets = [timeZone.secondsFromGMT(for: cursor)]
    while let next = timeZone.nextDaylightSavingTimeTransition(after: cursor),
      next.timeIntervalSince1970 < Double(Self.lastInstant), next > cursor
    {
      cursor = next
      let offset = timeZone.secondsFromGMT(for: next)
      guard let previous = offsets.last, offset != previous else { continue }
      changes.append(Int(next.timeIntervalSince1970.rounded(.up)))
      offsets.append(offset)
    }
    self.changes = changes
    self.offsets = offsets
    localStarts = changes.indices.map { changes[$0] + offsets[$0 + 1] }
    // A day's margin either side keeps wall-clock times near the ends away from guesses.
    localRange = (Self.firstInstant + 86_400)...(Self.lastInstant - 86_400)
  }

  /// Seconds east of UTC that apply to wall-clock time `local` (seconds since 1970 as if UTC).
  func offset(atLocal local: Int) -> Int {
    guard localRange.contains(local) else { return offsetAskingZone(local) }
    // k: the last period whose first wall-clock time is not after `local`.
    var low = 0
    var high = localStarts.count
    while low < high {
      let mid = (low + high) / 2
      if localStarts[mid] <= local { low = mid + 1 } else { high = mid }
    }
    let k = low
    // When the clock was set back, `local` may also lie in the period before: take that,
    // the earlier instant. In a gap `offsets[k]` (the old offset) moves the time forward.
    if k >= 1, local < changes[k - 1] + offsets[k - 1] { return offsets[k - 1] }
    return offsets[k]
  }

  /// The same choice as the table makes, from the zone itself, for the rare far-off time.
  private func offsetAskingZone(_ local: Int) -> Int {
    let before = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local - 86_400)))
    let after = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local + 86_400)))
    for candidate in [before, after]
    where timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local - candidate)))
      == candidate
    {
      return candidate
    }
    return before
  }
}
