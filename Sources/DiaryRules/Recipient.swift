/// A (guardian, student) pair that receives paper on a date (R1), with what printing needs.
public struct Recipient: Hashable, Sendable {
  public let guardian: GuardianID
  public let student: StudentID
  public let classID: ClassID
  public let className: String
  public let grade: Int
  public let delivery: Delivery
  public let studentName: PersonName
  public let guardianName: PersonName

  public init(
    guardian: GuardianID, student: StudentID, classID: ClassID, className: String, grade: Int,
    delivery: Delivery, studentName: PersonName, guardianName: PersonName
  ) {
    self.guardian = guardian
    self.student = student
    self.classID = classID
    self.className = className
    self.grade = grade
    self.delivery = delivery
    self.studentName = studentName
    self.guardianName = guardianName
  }
}
