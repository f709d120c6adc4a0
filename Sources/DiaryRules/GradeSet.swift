/// A set of grades 1–11 as `periods.csv`, `holidays.csv` and `study_dates.csv` write it:
/// a grade `7`, a range `10-11`, or several separated by spaces; empty means every grade.
public struct GradeSet: Hashable, Sendable, CustomStringConvertible {
  /// Bit g set when grade g is included.
  public let mask: UInt16

  private static let allMask: UInt16 = 0b1111_1111_1110
  public static let all = GradeSet(mask: allMask)
  public static let validGrades = 1...11

  public init(mask: UInt16) { self.mask = mask & GradeSet.allMask }

  public init(_ grades: some Sequence<Int>) {
    var mask: UInt16 = 0
    for g in grades where GradeSet.validGrades.contains(g) { mask |= 1 << UInt16(g) }
    self.init(mask: mask)
  }

  /// Parses `7`, `10-11`, `5 7 9` or `1-4 9`; empty text is every grade; nil when malformed.
  public init?(parsing text: String) {
    let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
    guard !parts.isEmpty else {
      self = .all
      return
    }
    var grades: [Int] = []
    for part in parts {
      let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
      guard (1...2).contains(bounds.count),
        let low = Int(bounds[0]), let high = Int(bounds[bounds.count - 1]),
        GradeSet.validGrades.contains(low), GradeSet.validGrades.contains(high), low <= high
      else { return nil }
      grades.append(contentsOf: low...high)
    }
    self.init(grades)
  }

  public func contains(_ grade: Int) -> Bool {
    GradeSet.validGrades.contains(grade) && mask & (1 << UInt16(grade)) != 0
  }

  public func intersects(_ other: GradeSet) -> Bool { mask & other.mask != 0 }

  public var grades: [Int] { GradeSet.validGrades.filter(contains) }

  /// The canonical text: ranges joined by spaces (`1-9`, `10-11`, `1 5-7`).
  public var description: String {
    var parts: [String] = []
    var runStart: Int?
    for g in 1...12 {
      if g <= 11, contains(g) {
        if runStart == nil { runStart = g }
      } else if let start = runStart {
        parts.append(start == g - 1 ? "\(start)" : "\(start)-\(g - 1)")
        runStart = nil
      }
    }
    return parts.joined(separator: " ")
  }
}
