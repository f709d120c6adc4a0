import DiaryRules

/// Who a form of R8 is about, as the store holds them: the student with class, class teacher,
/// birth date and passport, and every guardian ever linked to the student, with the delivery
/// method and contact details they gave (R7, regulation cl. 4).
public struct FormParties: Hashable, Sendable {
  public struct Student: Hashable, Sendable {
    public let id: StudentID
    public let name: PersonName
    public let classID: ClassID
    public let className: String
    public let homeroomTeacher: String
    /// Birth date, passport and leaving date: what a student's consent depends on (R2).
    public let facts: StudentFacts
  }

  public struct Guardian: Hashable, Sendable {
    public let id: GuardianID
    public let name: PersonName
    /// `мать`, `отец`, … as `student_guardians.csv` gives it.
    public let relation: String
    /// The last day of the link, when it has ended or will end.
    public let until: LocalDate?
    public let delivery: Delivery
    public let address: String?
    public let contactSource: ContactSource
    /// The paper or e-signed document the contacts came from.
    public let contactDocument: String?
  }

  public let student: Student
  /// The student's guardians in `student_guardians` order of guardian id.
  public let guardians: [Guardian]

  /// The linked guardian `id`, or nil when `id` is not a guardian of the student.
  public func guardian(_ id: GuardianID) -> Guardian? { guardians.first { $0.id == id } }
}
