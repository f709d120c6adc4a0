import DiaryRules
import Foundation
import Testing

@testable import GradeStore

/// The value forms DESIGN §2 allows, and the near misses it does not.
@Suite struct ImportValueParserTests {
  static func parser(_ zone: String) throws -> ImportValueParser {
    ImportValueParser(timeZone: try #require(TimeZone(identifier: zone)))
  }

  // MARK: - Dates

  @Test(arguments: [
    ("2026-11-23", 2026, 11, 23),
    ("23.11.2026", 2026, 11, 23),
    ("01.09.2026", 2026, 9, 1),
    ("1.09.2026", 2026, 9, 1),
    ("1.9.2026", 2026, 9, 1),
    ("14.11.21", 2021, 11, 14),
    ("1.1.00", 2000, 1, 1),
    ("29.02.2028", 2028, 2, 29),
    (" 2026-11-23\t", 2026, 11, 23),
    ("2025-09-03T00:00:00", 2025, 9, 3),
    ("2025-09-03T00:00", 2025, 9, 3),
    ("2025-09-03T00:00:00Z", 2025, 9, 3),
    ("2025-09-03T00:00:00+05:00", 2025, 9, 3),
    ("2025-09-03T00:00:00+0500", 2025, 9, 3),
    ("2025-09-03T23:30:00-05:00", 2025, 9, 3),
    ("2025-09-03T23:30:00.123-05", 2025, 9, 3),
    ("2025-09-03 10:15", 2025, 9, 3),
    ("23.11.2026 0:00", 2026, 11, 23),
    ("23.11.2026 14:05:30", 2026, 11, 23),
  ])
  func dates(text: String, year: Int, month: Int, day: Int) {
    #expect(ImportValueParser.date(text) == LocalDate(year: year, month: month, day: day))
  }

  @Test(arguments: [
    "", " ", "31.04.2026", "29.02.2026", "2026-02-30", "2026-13-01", "00.01.2026", "2026/11/23",
    "23-11-2026", "2026-1-5", "123.11.2026", "23.11.202", "23.11.20266", "23.11", "1.1.1",
    "23.11.2026T10:00", "2026-11-23T25:00", "2026-11-23T", "2026-11-23x", "abc", "2026-11-23 x",
    "2026-11-23T10:00+5", "23.11.2026 14:05+05:00", "2026-11-23 14:05 Z", "٢٠٢٦-١١-٢٣",
  ])
  func rejectedDates(text: String) {
    #expect(ImportValueParser.date(text) == nil)
  }

  // MARK: - Times

  @Test(arguments: [
    ("2026-11-23T14:05:00+05:00", utc(2026, 11, 23, 9, 5)),
    ("2026-11-23T14:05:00+0500", utc(2026, 11, 23, 9, 5)),
    ("2026-11-23T14:05:00+05", utc(2026, 11, 23, 9, 5)),
    ("2026-11-23T14:05:00-03:30", utc(2026, 11, 23, 17, 35)),
    ("2026-11-23T14:05:00Z", utc(2026, 11, 23, 14, 5)),
    ("2026-11-23T14:05Z", utc(2026, 11, 23, 14, 5)),
    ("2026-11-23T14:05:00", utc(2026, 11, 23, 9, 5)),
    ("2026-11-23T14:05", utc(2026, 11, 23, 9, 5)),
    ("2026-11-23 14:05", utc(2026, 11, 23, 9, 5)),
    ("2026-11-23 14:05:07", utc(2026, 11, 23, 9, 5, 7)),
    ("23.11.2026 14:05", utc(2026, 11, 23, 9, 5)),
    ("23.11.2026 9:05", utc(2026, 11, 23, 4, 5)),
    ("23.11.26 14:05:59", utc(2026, 11, 23, 9, 5, 59)),
    ("2026-11-23T02:00", utc(2026, 11, 22, 21, 0)),
    ("2026-11-23T00:00:00+14:00", utc(2026, 11, 22, 10, 0)),
  ])
  func timesInYekaterinburg(text: String, expected: Date) throws {
    #expect(try Self.parser("Asia/Yekaterinburg").time(text) == expected)
  }

  @Test func fractionalSeconds() throws {
    let time = try Self.parser("UTC").time("2026-11-23T14:05:00.25Z")
    #expect(time == utc(2026, 11, 23, 14, 5).addingTimeInterval(0.25))
  }

  @Test(arguments: [
    "", "2026-11-23", "23.11.2026", "14:05", "2026-11-23T24:00", "2026-11-23T14:60",
    "2026-11-23T14:05:60", "2026-11-23T14", "2026-11-23T14:5", "23.11.2026 14:05Z",
    "2026-11-23T14:05+19:00", "2026-11-23T14:05+05:60", "2026-11-23T14:05:00.", "31.04.2026 10:00",
    "2026-11-23T14:05 +05:00", "2026-11-23T14:05:00EST",
  ])
  func rejectedTimes(text: String) throws {
    #expect(try Self.parser("Asia/Yekaterinburg").time(text) == nil)
  }

  /// Wall-clock times on either side of daylight-saving and standard-time changes.
  @Test(arguments: [
    ("Europe/Berlin", "2026-01-15 12:00", utc(2026, 1, 15, 11, 0)),
    ("Europe/Berlin", "2026-07-01 12:00", utc(2026, 7, 1, 10, 0)),
    ("Europe/Berlin", "2026-03-29 01:59", utc(2026, 3, 29, 0, 59)),
    // 02:30 does not exist that night: read on the old clock, it is 03:30 on the new one.
    ("Europe/Berlin", "2026-03-29 02:30", utc(2026, 3, 29, 1, 30)),
    ("Europe/Berlin", "2026-03-29 03:00", utc(2026, 3, 29, 1, 0)),
    ("Europe/Berlin", "2026-10-25 01:59", utc(2026, 10, 24, 23, 59)),
    // 02:30 happens twice that night: the first time counts.
    ("Europe/Berlin", "2026-10-25 02:30", utc(2026, 10, 25, 0, 30)),
    ("Europe/Berlin", "2026-10-25 03:00", utc(2026, 10, 25, 2, 0)),
    ("Europe/Berlin", "25.10.2026 12:00", utc(2026, 10, 25, 11, 0)),
    ("Europe/Moscow", "2014-10-25 12:00", utc(2014, 10, 25, 8, 0)),
    ("Europe/Moscow", "2014-10-27 12:00", utc(2014, 10, 27, 9, 0)),
    ("Europe/Moscow", "2026-11-23 12:00", utc(2026, 11, 23, 9, 0)),
    ("Asia/Yekaterinburg", "2010-07-01 12:00", utc(2010, 7, 1, 6, 0)),
    ("America/Sao_Paulo", "2018-11-04 00:30", utc(2018, 11, 4, 3, 30)),
    ("America/Sao_Paulo", "2018-11-04 01:30", utc(2018, 11, 4, 3, 30)),
    ("America/New_York", "2026-03-08 12:00", utc(2026, 3, 8, 16, 0)),
    ("America/New_York", "2026-03-07 12:00", utc(2026, 3, 7, 17, 0)),
    ("America/New_York", "2150-07-01 12:00", utc(2150, 7, 1, 16, 0)),
    ("America/New_York", "2150-01-01 12:00", utc(2150, 1, 1, 17, 0)),
    ("Europe/Berlin", "2026-07-01T12:00:00+05:00", utc(2026, 7, 1, 7, 0)),
  ])
  func timesAcrossOffsetChanges(zone: String, text: String, expected: Date) throws {
    #expect(try Self.parser(zone).time(text) == expected)
  }

  /// Every quarter hour of two years, written as the zone's clock shows it, reads back as that
  /// instant, or (in the repeated hour) as the earlier instant showing the same clock.
  @Test(arguments: ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe"])
  func wallClockRoundTrip(zone: String) throws {
    let timeZone = try #require(TimeZone(identifier: zone))
    let parser = ImportValueParser(timeZone: timeZone)
    let start = Int(utc(2025, 1, 1, 0, 0).timeIntervalSince1970)
    var failures = 0
    for instant in stride(from: start, to: start + 2 * 365 * 86_400, by: 900) {
      let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant)))
      let local = instant + offset
      let day = LocalDate(dayNumber: local.floorDiv(86_400))
      let secondsOfDay = local - day.dayNumber * 86_400
      let hour = secondsOfDay / 3600
      let minute = secondsOfDay % 3600 / 60
      let text =
        day.iso + (hour < 10 ? " 0" : " ") + "\(hour):" + (minute < 10 ? "0" : "")
        + "\(minute)"
      guard let parsed = parser.time(text) else {
        failures += 1
        continue
      }
      let back = Int(parsed.timeIntervalSince1970)
      let clock = back + timeZone.secondsFromGMT(for: parsed)
      if clock != local || back > instant { failures += 1 }
    }
    #expect(failures == 0)
  }

  // MARK: - Decimals

  @Test(arguments: [
    ("1.5", "1.5", 1),
    ("1,5", "1.5", 1),
    ("10", "10", 0),
    ("0.25", "0.25", 2),
    ("0,0001", "0.0001", 4),
    ("1.2500", "1.25", 4),
    (" 2 ", "2", 0),
    ("007", "7", 0),
  ])
  func decimals(text: String, value: String, digits: Int) throws {
    let parsed = try #require(ImportValueParser.decimal(text))
    #expect(parsed.value == Decimal(string: value, locale: Locale(identifier: "en_US_POSIX")))
    #expect(parsed.fractionDigits == digits)
  }

  @Test(arguments: [
    "", " ", "1e5", "1E5", "1.2.3", "1,2,3", "1.2,3", "1 5", "1 000", "1.", ".5", ",5", "-1", "+1",
    "1_000", "0x10", "abc", "１", "½", "NaN", "12345678901234567890123", "1.5.", "--1",
  ])
  func rejectedDecimals(text: String) {
    #expect(ImportValueParser.decimal(text) == nil)
  }

  @Test func signedDecimals() throws {
    let negative = try #require(ImportValueParser.decimal("-1,25", allowsSign: true))
    #expect(negative.value == Decimal(-125) / 100)
    #expect(negative.fractionDigits == 2)
    #expect(ImportValueParser.decimal("+3", allowsSign: true)?.value == 3)
    #expect(ImportValueParser.decimal("-0", allowsSign: true)?.value == 0)
    #expect(ImportValueParser.decimal("-", allowsSign: true) == nil)
    #expect(ImportValueParser.decimal("- 1", allowsSign: true) == nil)
  }

  // MARK: - Words and integers

  @Test(arguments: [
    ("yes", true), ("YES", true), ("Yes", true), ("да", true), ("ДА", true), (" Да ", true),
    ("no", false), ("No", false), ("нет", false), ("НЕТ", false),
  ])
  func yesNo(text: String, value: Bool) {
    #expect(ImportValueParser.yesNo(text) == value)
  }

  @Test(arguments: ["", "y", "n", "1", "0", "true", "false", "д", "yes!", "не"])
  func rejectedYesNo(text: String) {
    #expect(ImportValueParser.yesNo(text) == nil)
  }

  @Test(arguments: [("7", 7), ("-3", -3), ("+4", 4), (" 12 ", 12), ("0", 0), ("011", 11)])
  func integers(text: String, value: Int) {
    #expect(ImportValueParser.integer(text) == value)
  }

  @Test func integerBounds() {
    #expect(ImportValueParser.integer(String(Int.max)) == Int.max)
    #expect(ImportValueParser.integer(String(Int.min)) == Int.min)
  }

  @Test(arguments: ["", "-", "+", "1.0", "1,0", "1 2", "x", "99999999999999999999", "1e3", "٣"])
  func rejectedIntegers(text: String) {
    #expect(ImportValueParser.integer(text) == nil)
  }

  @Test(arguments: [
    ("НП", "нп"), ("нп", "нп"), (" ОСВ ", "осв"), ("Post", "post"), ("IN_PERSON", "in_person"),
    ("Ё", "ё"), ("", ""), ("  ", ""), ("\u{A0}Б\u{A0}", "б"),
  ])
  func codes(text: String, code: String) {
    #expect(ImportValueParser.code(text) == code)
  }
}

/// The instant of a UTC wall-clock time, computed without Foundation's calendar.
private func utc(
  _ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int = 0
) -> Date {
  let days = LocalDate(year: year, month: month, day: day)?.dayNumber ?? Int.min
  return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3600 + minute * 60 + second))
}

extension Int {
  /// Division rounding toward minus infinity, for seconds before 1970.
  fileprivate func floorDiv(_ divisor: Int) -> Int {
    let q = self / divisor
    return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? q - 1 : q
  }
}
