/// The order of sheets in print files and registers (R10; the regulation leaves printing to the
/// school, cl. 4 only asks that delivery follow the agreed form).
///
/// Classes by grade, then class name; within a class, students by last, first and middle name
/// (on `PersonName.sortKey`), then student id, then guardian last name, then guardian id.
public enum PrintOrder {
  public static func precedes(_ a: Recipient, _ b: Recipient) -> Bool {
    Key(a) < Key(b)
  }

  /// Whether class `a` comes before class `b`: by grade, then name, then id, as the classes of
  /// `Key` compare.
  public static func classPrecedes(
    _ a: (grade: Int, name: String, id: ClassID), _ b: (grade: Int, name: String, id: ClassID)
  ) -> Bool {
    if a.grade != b.grade { return a.grade < b.grade }
    let (nameA, nameB) = (PersonName.sortKey(a.name), PersonName.sortKey(b.name))
    if nameA != nameB { return nameA.lexicographicallyPrecedes(nameB) }
    return a.id < b.id
  }

  /// Sorts recipients into print order, making each one's key once (a school's worth of names
  /// is lower-cased n times, not n log n times).
  public static func sorted(_ recipients: [Recipient]) -> [Recipient] {
    sorted(recipients, by: \.self)
  }

  /// Sorts anything that carries a recipient into the recipients' print order.
  public static func sorted<T>(_ items: [T], by recipient: (T) -> Recipient) -> [T] {
    items.map { (key: Key(recipient($0)), item: $0) }
      .sorted { $0.key < $1.key }
      .map(\.item)
  }

  /// A recipient's place in print order, with the name keys made once.
  public struct Key: Comparable {
    let grade: Int
    let className: [Unicode.Scalar]
    let classID: ClassID
    let names: [[Unicode.Scalar]]
    let student: StudentID
    let guardianLast: [Unicode.Scalar]
    let guardian: GuardianID

    public init(_ recipient: Recipient) {
      grade = recipient.grade
      className = PersonName.sortKey(recipient.className)
      classID = recipient.classID
      names = [
        recipient.studentName.last, recipient.studentName.first,
        recipient.studentName.middle ?? "",
      ].map(PersonName.sortKey)
      student = recipient.student
      guardianLast = PersonName.sortKey(recipient.guardianName.last)
      guardian = recipient.guardian
    }

    public static func < (a: Key, b: Key) -> Bool {
      if a.grade != b.grade { return a.grade < b.grade }
      if a.className != b.className { return a.className.lexicographicallyPrecedes(b.className) }
      if a.classID != b.classID { return a.classID < b.classID }
      for (x, y) in zip(a.names, b.names) where x != y {
        return x.lexicographicallyPrecedes(y)
      }
      if a.student != b.student { return a.student < b.student }
      if a.guardianLast != b.guardianLast {
        return a.guardianLast.lexicographicallyPrecedes(b.guardianLast)
      }
      return a.guardian < b.guardian
    }

    public static func == (a: Key, b: Key) -> Bool {
      !(a < b) && !(b < a)
    }
  }
}
