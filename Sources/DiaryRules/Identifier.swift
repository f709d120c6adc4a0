/// A typed id, so a `StudentID` can never be passed where a `GuardianID` is meant.
///
/// The raw value is the id as the school's e-journal exported it; `IDRule` decides which
/// strings are acceptable.
public struct Identifier<Tag>: Hashable, Comparable, Sendable, CustomStringConvertible,
  ExpressibleByStringLiteral
{
  public let rawValue: String

  public init(_ rawValue: String) { self.rawValue = rawValue }
  public init(stringLiteral value: String) { rawValue = value }

  public var description: String { rawValue }

  public static func < (lhs: Self, rhs: Self) -> Bool {
    lhs.rawValue.unicodeScalars.lexicographicallyPrecedes(rhs.rawValue.unicodeScalars)
  }
}

public enum StudentTag {}
public enum GuardianTag {}
public enum ClassTag {}
public enum SubjectTag {}
public enum MarkKindTag {}
public enum PeriodTag {}
public enum MarkTag {}
public enum DocumentTag {}
public enum ExamResultTag {}

public typealias StudentID = Identifier<StudentTag>
public typealias GuardianID = Identifier<GuardianTag>
public typealias ClassID = Identifier<ClassTag>
public typealias SubjectID = Identifier<SubjectTag>
public typealias MarkKindID = Identifier<MarkKindTag>
public typealias PeriodID = Identifier<PeriodTag>
public typealias MarkID = Identifier<MarkTag>
public typealias DocumentID = Identifier<DocumentTag>
public typealias ExamResultID = Identifier<ExamResultTag>
