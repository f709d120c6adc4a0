/// A calendar date with no time and no zone: the unit in which the school counts days.
///
/// Stored as a day number (days since 1970-01-01, proleptic Gregorian) so that comparing,
/// subtracting and stepping dates is integer arithmetic; year, month and day are derived.
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// Days since 1970-01-01.
  public let dayNumber: Int

  public init(dayNumber: Int) {
    self.dayNumber = dayNumber
  }

  /// The date `year-month-day`, or nil when no such day exists (31 April, 29 February 2026).
  public init?(year: Int, month: Int, day: Int) {
    guard (1...9999).contains(year), (1...12).contains(month),
      day >= 1, day <= LocalDate.daysIn(month: month, year: year)
    else { return nil }
    dayNumber = LocalDate.days(fromCivil: year, month, day)
  }

  public var year: Int { components.year }
  public var month: Int { components.month }
  public var day: Int { components.day }

  /// Year, month and day (Howard Hinnant's `civil_from_days`).
  public var components: (year: Int, month: Int, day: Int) {
    let z = dayNumber + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    return (year, month, day)
  }

  /// ISO weekday: 1 = Monday … 7 = Sunday.
  public var isoWeekday: Int {
    // 1970-01-01 was a Thursday (4).
    let r = (dayNumber + 3) % 7
    return (r < 0 ? r + 7 : r) + 1
  }

  public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

  /// Whole days from `self` to `other` (positive when `other` is later).
  public func days(to other: LocalDate) -> Int { other.dayNumber - dayNumber }

  /// `YYYY-MM-DD`, written into one buffer: the import and the batch format millions of dates.
  public var iso: String {
    let (y, m, d) = components
    return String(unsafeUninitializedCapacity: 10) { buffer in
      let zero = UInt8(ascii: "0")
      let dash = UInt8(ascii: "-")
      buffer[0] = zero + UInt8(y / 1000 % 10)
      buffer[1] = zero + UInt8(y / 100 % 10)
      buffer[2] = zero + UInt8(y / 10 % 10)
      buffer[3] = zero + UInt8(y % 10)
      buffer[4] = dash
      buffer[5] = zero + UInt8(m / 10)
      buffer[6] = zero + UInt8(m % 10)
      buffer[7] = dash
      buffer[8] = zero + UInt8(d / 10)
      buffer[9] = zero + UInt8(d % 10)
      return 10
    }
  }

  /// `DD.MM.YYYY`, the way Russian documents write a date.
  public var russian: String {
    let (y, m, d) = components
    return LocalDate.pad(d, 2) + "." + LocalDate.pad(m, 2) + "." + LocalDate.pad(y, 4)
  }

  public var description: String { iso }

  /// Parses exactly `YYYY-MM-DD`; the import's other spellings live in the import's parsers.
  public init?(iso text: some StringProtocol) {
    let u = Array(text.utf8)
    guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-"),
      let y = LocalDate.digits(u[0..<4]), let m = LocalDate.digits(u[5..<7]),
      let d = LocalDate.digits(u[8..<10])
    else { return nil }
    self.init(year: y, month: m, day: d)
  }

  public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

  // MARK: - Calendar arithmetic

  public static func isLeap(_ year: Int) -> Bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
  }

  public static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Howard Hinnant's `days_from_civil`.
  static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = month > 2 ? month - 3 : month + 9
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  static func pad(_ value: Int, _ width: Int) -> String {
    let s = String(value)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
  }

  static func digits(_ bytes: ArraySlice<UInt8>) -> Int? {
    var value = 0
    for b in bytes {
      guard b >= 48, b <= 57 else { return nil }
      value = value * 10 + Int(b - 48)
    }
    return value
  }
}
