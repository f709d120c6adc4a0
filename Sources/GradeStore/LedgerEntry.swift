import DiaryRules
import Foundation

/// One row of the ledger: a document PaperDiary issued (R4, R6, R9), as `ledger` lists it.
public struct LedgerEntry: Hashable, Sendable {
  /// What was issued; closed by the ledger's CHECK.
  public enum Kind: String, Hashable, Sendable, CaseIterable {
    case weekly
    case reissue
    case notice
  }

  public let issueID: String
  public let kind: Kind
  public let guardian: GuardianID
  public let student: StudentID
  /// The student's class when the document was issued.
  public let classID: ClassID
  /// Nil for a notice, which belongs to no week.
  public let week: SchoolWeek?
  /// The issue a reissue replaces.
  public let replaces: String?
  public let reason: String?
  public let operatorName: String
  public let createdAt: Date
  /// The data cut-off date of the document.
  public let asOf: LocalDate?
  /// The latest import when the document was issued.
  public let importID: Int64?
  /// The document's file as recorded: issuing writes its absolute path.
  public let file: String
  /// Lowercase hex SHA-256 of the file.
  public let sha256: String
}
