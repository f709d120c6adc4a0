import DiaryRules
import Foundation

/// A document that was rendered and written, as its ledger row keeps it (R9), with the
/// manifest entry it was issued with (§5) and, for a notice, what it told the family (R6).
public struct IssuedDocument: Hashable, Sendable {
  public let issueID: String
  public let kind: LedgerEntry.Kind
  public let guardian: GuardianID
  public let student: StudentID
  /// The student's class when the document was issued.
  public let classID: ClassID
  /// Nil for a notice.
  public let week: SchoolWeek?
  /// The issue a reissue replaces.
  public let replaces: String?
  /// Why a reissue was made; nil for the other kinds.
  public let reason: String?
  public let operatorName: String
  public let createdAt: Date
  /// The data cut-off date of the document.
  public let asOf: LocalDate?
  /// The latest import when the document was made.
  public let importID: Int64?
  /// The document's absolute path.
  public let file: String
  /// Lowercase hex SHA-256 of the file.
  public let sha256: String
  public let pages: Int?
  /// The sheet's manifest entry (§5) as JSON text, so manifest.json is rebuilt without
  /// recomputing anything.
  public let entry: String?
  /// The final marks and exam results a notice covers, keys and values as
  /// `GradeStore.finalResults()` gives them; empty for the other kinds and when read back.
  public let covers: [FinalResult]

  /// A document as the batch, `sheet` or `notices` made it.
  public init(
    issueID: String, kind: LedgerEntry.Kind, guardian: GuardianID, student: StudentID,
    classID: ClassID, week: SchoolWeek?, replaces: String? = nil, reason: String? = nil,
    operatorName: String, createdAt: Date, asOf: LocalDate?, importID: Int64?, file: String,
    sha256: String, pages: Int?, entry: String?, covers: [FinalResult] = []
  ) {
    self.issueID = issueID
    self.kind = kind
    self.guardian = guardian
    self.student = student
    self.classID = classID
    self.week = week
    self.replaces = replaces
    self.reason = reason
    self.operatorName = operatorName
    self.createdAt = createdAt
    self.asOf = asOf
    self.importID = importID
    self.file = file
    self.sha256 = sha256
    self.pages = pages
    self.entry = entry
    self.covers = covers
  }
}
