import DiaryRules

/// What a batch of sheets shares beyond each student's marks: classes and their teachers,
/// students' and guardians' names, guardians' delivery and postal addresses, and when each pair
/// last got a sheet (the line between old and new marks, §4). Read once per run.
public struct SheetContext: Sendable {
  public struct ClassInfo: Sendable, Hashable {
    public let name: String
    public let grade: Int
    public let homeroomTeacher: String
  }

  public struct GuardianInfo: Sendable, Hashable {
    public let name: PersonName
    public let delivery: Delivery
    public let address: String?
  }

  public let classes: [ClassID: ClassInfo]
  public let students: [StudentID: PersonName]
  public let guardians: [GuardianID: GuardianInfo]
  /// UTC stamp (`YYYY-MM-DDTHH:MM:SSZ`, as `entered_at` is written) of the latest weekly sheet
  /// or reissue of an earlier week, per pair.
  public let previousIssue: [RecipientKey: String]

  /// The pair as printing needs it, in the class it was issued in; nil for an unknown id.
  public func recipient(guardian: GuardianID, student: StudentID, classID: ClassID) -> Recipient? {
    guard let info = classes[classID], let studentName = students[student],
      let guardianInfo = guardians[guardian]
    else { return nil }
    return Recipient(
      guardian: guardian, student: student, classID: classID, className: info.name,
      grade: info.grade, delivery: guardianInfo.delivery, studentName: studentName,
      guardianName: guardianInfo.name)
  }
}
