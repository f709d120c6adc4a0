import DiaryRules
import GradeStore

/// The manifest of §5: what a run issued (or, with `--dry-run`, would issue), in print order.
public struct WeeklyManifest: Sendable {
  public struct Sheet: Sendable {
    public let recipient: Recipient
    public let period: PeriodID?
    public let subjects: [SubjectForecast]
    public var issueID: String?
    public var kind = "weekly"
    public var replaces: String?
    public var file: String?
    public var sha256: String?
    public var pages: Int?
  }

  public struct Skipped: Sendable {
    public let guardian: GuardianID
    public let student: StudentID
    public let reason: String
    public let issueID: String?
  }

  public struct Failed: Sendable {
    public let guardian: GuardianID
    public let student: StudentID
    public let error: String
  }

  /// A class's print file or register, as §5 lists them.
  public struct ClassFile: Sendable {
    public let classID: ClassID
    public let file: String
    public let pages: Int?

    var json: JSONValue {
      var members: [(String, JSONValue)] = [
        ("class_id", .string(classID.rawValue)), ("file", .string(file)),
      ]
      if let pages { members.append(("pages", .int(pages))) }
      return .object(members)
    }
  }

  public let week: SchoolWeek
  public let asOf: LocalDate
  /// This run's sheets; empty when the run was asked not to keep them (`keepSheets`).
  public var sheets: [Sheet] = []
  /// How many sheets this run issued, whether or not `sheets` holds them.
  public var issuedCount = 0
  public var skipped: [Skipped] = []
  public var failed: [Failed] = []
  public var printFiles: [ClassFile] = []
  public var registerFiles: [ClassFile] = []
  /// Print jobs this run queued (`--printer`), for the summary line.
  public var printJobs: [String] = []
  /// Set when the week has no study day for anyone: nothing is owed.
  public var note: String?
  public var decimalSeparator = ","

  /// The JSON of §5, keys in the order of its example.
  public var json: JSONValue {
    .object([
      ("week", .string(week.description)), ("week_start", .string(week.monday.iso)),
      ("week_end", .string(week.sunday.iso)), ("as_of", .string(asOf.iso)),
      ("sheets", .array(sheets.map { Self.sheetJSON($0, decimalSeparator: decimalSeparator) })),
      (
        "skipped",
        .array(
          skipped.map {
            .object([
              ("student_id", .string($0.student.rawValue)),
              ("guardian_id", .string($0.guardian.rawValue)), ("reason", .string($0.reason)),
              ("issue_id", .string($0.issueID)),
            ])
          })
      ),
      (
        "failed",
        .array(
          failed.map {
            .object([
              ("student_id", .string($0.student.rawValue)),
              ("guardian_id", .string($0.guardian.rawValue)), ("error", .string($0.error)),
            ])
          })
      ),
      ("print_files", .array(printFiles.map(\.json))),
      ("register_files", .array(registerFiles.map(\.json))),
    ])
  }

  /// One sheet's entry, as the manifest prints it and its ledger row keeps it.
  static func sheetJSON(_ sheet: Sheet, decimalSeparator: String) -> JSONValue {
    .object([
      ("issue_id", .string(sheet.issueID)), ("kind", .string(sheet.kind)),
      ("replaces", .string(sheet.replaces)), ("period_id", .string(sheet.period?.rawValue)),
      ("student_id", .string(sheet.recipient.student.rawValue)),
      ("guardian_id", .string(sheet.recipient.guardian.rawValue)),
      ("class_id", .string(sheet.recipient.classID.rawValue)), ("file", .string(sheet.file)),
      ("sha256", .string(sheet.sha256)), ("pages", .int(sheet.pages)),
      (
        "subjects",
        .array(sheet.subjects.map { subjectJSON($0, decimalSeparator: decimalSeparator) })
      ),
    ])
  }

  private static func subjectJSON(_ f: SubjectForecast, decimalSeparator: String) -> JSONValue {
    .object([
      ("subject_id", .string(f.subject.rawValue)), ("marks", .int(f.marks)),
      ("average", .decimal(f.roundedAverage)),
      ("average_text", .string(f.averageText(decimalSeparator: decimalSeparator))),
      ("projected", .int(f.projected)), ("to_next", .int(f.toNext)), ("to_drop", .int(f.toDrop)),
      ("absences", .int(f.absences)), ("lessons", .int(f.lessons)),
      ("remaining_lessons", .int(f.remainingLessons)), ("next_reachable", .bool(f.nextReachable)),
      ("exempt", .bool(f.exempt)), ("few_marks", .bool(f.fewMarks)),
      ("attestation_risk", .bool(f.attestationRisk)), ("final_mark", .string(f.finalMark)),
    ])
  }
}
