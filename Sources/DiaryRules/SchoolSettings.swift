import Foundation

/// What `school.toml` says about the school: its names, its clock and calendar, its marks.
public struct SchoolSettings: Hashable, Sendable {
  public var name: String
  public var shortName: String
  public var address: String?
  /// An IANA zone such as `Asia/Yekaterinburg`; "today" and weeks are counted in it.
  public var timeZoneIdentifier: String
  /// ISO weekdays (1 = Monday) on which the school teaches.
  public var studyDays: Set<Int>
  /// A template folder name under `Templates/`; nil means the default `ru`.
  public var template: String?
  /// The first Monday from which weekly sheets are owed (R3).
  public var paperSince: LocalDate?
  /// The day the export was made.
  public var exportedOn: LocalDate?
  public var grading: GradingScale

  public init(
    name: String, shortName: String, address: String? = nil, timeZoneIdentifier: String,
    studyDays: Set<Int>, template: String? = nil, paperSince: LocalDate? = nil,
    exportedOn: LocalDate? = nil, grading: GradingScale
  ) {
    self.name = name
    self.shortName = shortName
    self.address = address
    self.timeZoneIdentifier = timeZoneIdentifier
    self.studyDays = studyDays
    self.template = template
    self.paperSince = paperSince
    self.exportedOn = exportedOn
    self.grading = grading
  }

  public var timeZone: TimeZone? { TimeZone(identifier: timeZoneIdentifier) }

  /// The zone to count days in: the school's, or UTC should the stored name stop being known
  /// (the import refuses an unknown name, so this is a last resort, not a default).
  public var zone: TimeZone { timeZone ?? SchoolSettings.utc }

  public static let utc = TimeZone(secondsFromGMT: 0) ?? .current

  /// `mon`…`sun` as `school.toml` spells study days.
  public static let weekdayCodes = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
}
