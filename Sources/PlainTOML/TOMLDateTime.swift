/// A TOML date, time or date-time: the text as written plus its parsed parts.
///
/// Which parts are present decides the kind: `2026-09-01` has only `date` (a local date),
/// `08:30:00` only `time`, `2026-09-01T08:30:00` both, and an offset date-time also has
/// `offsetMinutes`. The parts are validated (no 31 April, no 24:00:00) but not converted to
/// an instant: that needs a calendar and a time zone, which belong to the caller.
public struct TOMLDateTime: Sendable, Hashable, CustomStringConvertible {
  /// The four date and time kinds of TOML 1.0.
  public enum Kind: Sendable, Hashable {
    /// `1979-05-27T07:32:00Z`: an instant.
    case offsetDateTime
    /// `1979-05-27T07:32:00`: a wall-clock reading, zone unknown.
    case localDateTime
    /// `2026-09-01`: a calendar day.
    case localDate
    /// `07:32:00`: a time of day.
    case localTime
  }

  /// A day of the proleptic Gregorian calendar.
  public struct CalendarDate: Sendable, Hashable {
    /// 0...9999.
    public let year: Int
    /// 1...12.
    public let month: Int
    /// 1...31, valid for the month and year.
    public let day: Int

    /// A date from its parts, not checked (the parser checks what it reads).
    public init(year: Int, month: Int, day: Int) {
      self.year = year
      self.month = month
      self.day = day
    }
  }

  /// A time of day; fractional seconds beyond nanoseconds are truncated, as TOML allows.
  public struct TimeOfDay: Sendable, Hashable {
    /// 0...23.
    public let hour: Int
    /// 0...59.
    public let minute: Int
    /// 0...59.
    public let second: Int
    /// 0...999_999_999.
    public let nanosecond: Int

    /// A time from its parts, not checked (the parser checks what it reads).
    public init(hour: Int, minute: Int, second: Int, nanosecond: Int = 0) {
      self.hour = hour
      self.minute = minute
      self.second = second
      self.nanosecond = nanosecond
    }
  }

  /// The value exactly as written (`1979-05-27 07:32:00Z` keeps its space and its `Z`).
  public let text: String
  /// The date part; nil for a local time.
  public let date: CalendarDate?
  /// The time part; nil for a local date.
  public let time: TimeOfDay?
  /// Minutes east of UTC (`Z` is 0, `-07:00` is -420); nil for the local kinds.
  public let offsetMinutes: Int?

  /// A value from its parts; `kind` follows from which parts are present.
  public init(text: String, date: CalendarDate?, time: TimeOfDay?, offsetMinutes: Int?) {
    self.text = text
    self.date = date
    self.time = time
    self.offsetMinutes = offsetMinutes
  }

  /// Which of the four kinds this is, decided by the parts present.
  public var kind: Kind {
    if offsetMinutes != nil { return .offsetDateTime }
    if date == nil { return .localTime }
    return time == nil ? .localDate : .localDateTime
  }

  /// The text as written.
  public var description: String { text }
}
