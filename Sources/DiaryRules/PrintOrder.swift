/// The order of sheets in print files and registers (R10; the regulation leaves printing to the
/// school, cl. 4 only asks that delivery follow the agreed form).
///
/// Classes by grade, then class name; within a class, students by last, first and middle name
/// (on `PersonName.sortKey`), then student id, then guardian last name, then guardian id.
public enum PrintOrder {
  public static func precedes(_ a: Recipient, _ b: Recipient) -> Bool {
    if a.grade != b.grade { return a.grade < b.grade }
    if let order = compare(a.className, b.className) { return order }
    if a.classID != b.classID { return a.classID < b.classID }
    for (x, y) in [
      (a.studentName.last, b.studentName.last), (a.studentName.first, b.studentName.first),
      (a.studentName.middle ?? "", b.studentName.middle ?? ""),
    ] {
      if let order = compare(x, y) { return order }
    }
    if a.student != b.student { return a.student < b.student }
    if let order = compare(a.guardianName.last, b.guardianName.last) { return order }
    return a.guardian < b.guardian
  }

  /// Sorts recipients into print order.
  public static func sorted(_ recipients: [Recipient]) -> [Recipient] {
    recipients.sorted(by: precedes)
  }

  private static func compare(_ x: String, _ y: String) -> Bool? {
    let kx = PersonName.sortKey(x)
    let ky = PersonName.sortKey(y)
    if kx == ky { return nil }
    return kx.lexicographicallyPrecedes(ky)
  }
}
