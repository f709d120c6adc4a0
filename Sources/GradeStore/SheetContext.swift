import DiaryRules

/// What a batch of sheets shares beyond each pair and each student's marks: classes and their
/// teachers, guardians' postal addresses, and when each pair last got a sheet (the line between
/// old and new marks, §4). Read once per run.
public struct SheetContext: Sendable {
  public struct ClassInfo: Sendable, Hashable {
    public let name: String
    public let grade: Int
    public let homeroomTeacher: String
  }

  public let classes: [ClassID: ClassInfo]
  /// The postal address of each guardian who has one.
  public let addresses: [GuardianID: String]
  /// UTC stamp (`YYYY-MM-DDTHH:MM:SSZ`, as `entered_at` is written) of the latest weekly sheet
  /// or reissue of an earlier week, per pair.
  public let previousIssue: [RecipientKey: String]
}
