import Foundation

/// "Now" and "today" as the school reads them: an instant on the school's clock (DESIGN §6).
///
/// Rules take a clock as a parameter instead of reading `Date()`, so that `--now` reproduces a
/// run and tests can stand on either side of a midnight in the school's zone.
public struct SchoolClock: Hashable, Sendable {
  public let now: Date
  /// The school's zone: days, weeks and the offset printed with every time are counted in it.
  public let zone: TimeZone

  public init(now: Date, zone: TimeZone) {
    self.now = now
    self.zone = zone
  }

  /// The school's date at `now`.
  public var today: LocalDate { localDate(of: now) }

  /// The date that `instant` falls on in the school's zone.
  public func localDate(of instant: Date) -> LocalDate {
    let seconds =
      Int(instant.timeIntervalSince1970.rounded(.down)) + zone.secondsFromGMT(for: instant)
    return LocalDate(dayNumber: seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
  }

  /// Whether `week` is over: its Sunday has ended in the school's zone (R3), so a sheet still
  /// owed for it is a miss rather than work in progress.
  public func hasFinished(_ week: SchoolWeek) -> Bool { today > week.sunday }

  /// `2026-11-27T15:00:00+05:00`: ISO 8601 with seconds and the zone's offset at `instant`,
  /// the form DESIGN §6 gives every time in JSON.
  public func timestamp(_ instant: Date) -> String {
    let offset = zone.secondsFromGMT(for: instant)
    let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + offset
    let day = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    let rest = seconds - day * 86_400
    let minutes = abs(offset) / 60
    return LocalDate(dayNumber: day).iso + "T" + Self.two(rest / 3600) + ":"
      + Self.two(rest / 60 % 60) + ":" + Self.two(rest % 60) + (offset < 0 ? "-" : "+")
      + Self.two(minutes / 60) + ":" + Self.two(minutes % 60)
  }

  private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
