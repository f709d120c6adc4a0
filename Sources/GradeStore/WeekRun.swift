import DiaryRules
import Foundation

/// One run of `weekly` or `sheet` over a week: an item of manifest.json's `runs` (§5).
public struct WeekRun: Hashable, Sendable {
  public let week: SchoolWeek
  public let startedAt: Date
  public let operatorName: String
  /// The data cut-off date the run used.
  public let asOf: LocalDate
  /// Sheets the run issued, skipped (already issued) and failed to make.
  public let issued: Int
  public let skipped: Int
  public let failed: Int

  /// A run as its workflow counted it.
  public init(
    week: SchoolWeek, startedAt: Date, operatorName: String, asOf: LocalDate, issued: Int,
    skipped: Int, failed: Int
  ) {
    self.week = week
    self.startedAt = startedAt
    self.operatorName = operatorName
    self.asOf = asOf
    self.issued = issued
    self.skipped = skipped
    self.failed = failed
  }
}
