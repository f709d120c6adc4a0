import DiaryRules

/// What a batch of sheets shares beyond each student's marks: class names and teachers,
/// guardians' postal addresses, and when each pair last got a weekly sheet (the line between
/// old and new marks, §4).
public struct SheetContext: Sendable {
  public struct ClassInfo: Sendable, Hashable {
    public let name: String
    public let homeroomTeacher: String
  }

  public let classes: [ClassID: ClassInfo]
  public let addresses: [GuardianID: String]
  /// UTC stamp (`YYYY-MM-DDTHH:MM:SSZ`, as `entered_at` is written) of the latest weekly sheet
  /// or reissue of an earlier week, per pair.
  public let previousIssue: [RecipientKey: String]
}
