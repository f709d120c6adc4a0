import Foundation

/// An ISO week (Monday–Sunday) such as `2026-W48`: the unit of the once-a-week cadence (R3;
/// regulation cl. 2 and 5), always taken in the school's time zone.
public struct SchoolWeek: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// The ISO week-numbering year, which differs from the calendar year around New Year.
  public let year: Int
  /// 1…52 or 53.
  public let number: Int

  /// The week that contains `date`.
  public init(containing date: LocalDate) {
    // The ISO year is the year of the week's Thursday.
    let thursday = date.adding(days: 4 - date.isoWeekday)
    let isoYear = thursday.year
    let firstThursday = LocalDate.firstThursday(of: isoYear)
    year = isoYear
    number = firstThursday.days(to: thursday) / 7 + 1
  }

  /// The week `number` of ISO year `year`, or nil when the year has no such week.
  public init?(year: Int, number: Int) {
    guard (1...9998).contains(year), number >= 1, number <= SchoolWeek.weeks(inISOYear: year)
    else { return nil }
    self.year = year
    self.number = number
  }

  /// Parses `2026-W48` (also `2026-w48` and `2026W48`).
  public init?(_ text: String) {
    let parts = text.uppercased().replacingOccurrences(of: "-W", with: "W").split(separator: "W")
    guard parts.count == 2, parts[0].count == 4, (1...2).contains(parts[1].count),
      let y = Int(parts[0]), let n = Int(parts[1])
    else { return nil }
    self.init(year: y, number: n)
  }

  public var monday: LocalDate {
    LocalDate.firstThursday(of: year).adding(days: (number - 1) * 7 - 3)
  }

  public var sunday: LocalDate { monday.adding(days: 6) }

  /// The seven days, Monday first.
  public var days: [LocalDate] { (0..<7).map { monday.adding(days: $0) } }

  public func contains(_ date: LocalDate) -> Bool { date >= monday && date <= sunday }

  public var next: SchoolWeek { SchoolWeek(containing: monday.adding(days: 7)) }
  public var previous: SchoolWeek { SchoolWeek(containing: monday.adding(days: -7)) }

  /// `2026-W48`.
  public var description: String { "\(year)-W" + (number < 10 ? "0\(number)" : "\(number)") }

  public static func < (lhs: SchoolWeek, rhs: SchoolWeek) -> Bool {
    (lhs.year, lhs.number) < (rhs.year, rhs.number)
  }

  /// 53 when 1 January or 31 December of `year` is a Thursday, else 52.
  public static func weeks(inISOYear year: Int) -> Int {
    guard let jan1 = LocalDate(year: year, month: 1, day: 1),
      let dec31 = LocalDate(year: year, month: 12, day: 31)
    else { return 52 }
    return jan1.isoWeekday == 4 || dec31.isoWeekday == 4 ? 53 : 52
  }
}

extension LocalDate {
  /// The first Thursday of `year`, which always lies in ISO week 1.
  static func firstThursday(of year: Int) -> LocalDate {
    let jan1 = LocalDate(dayNumber: days(fromCivil: year, 1, 1))
    return jan1.adding(days: (4 - jan1.isoWeekday + 7) % 7)
  }
}
