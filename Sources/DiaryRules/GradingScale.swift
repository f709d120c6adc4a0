import Foundation

/// The school's marking scale and the parameters of the forecast (`[grading]` of `school.toml`).
public struct GradingScale: Hashable, Sendable {
  /// Allowed numeric marks, ascending (e.g. 2, 3, 4, 5).
  public let marks: [Int]
  /// The threshold of every mark but the lowest: the weighted average that reaches it.
  public let thresholds: [Int: Decimal]
  /// The weight of one ordinary mark (1; Сетевой город writes weights in tens, so 10).
  public let baseWeight: Decimal
  /// Fewer counted marks than this in a term is «мало отметок».
  public let minMarks: Int
  /// More absences than this share of lessons is a risk of «н/а».
  public let maxAbsenceShare: Decimal
  /// Grades taught without marks: their sheets show attendance only.
  public let unmarkedGrades: GradeSet

  public init(
    marks: [Int], thresholds: [Int: Decimal], baseWeight: Decimal = 1, minMarks: Int = 3,
    maxAbsenceShare: Decimal = 0.5, unmarkedGrades: GradeSet = GradeSet([1])
  ) {
    self.marks = marks.sorted()
    self.thresholds = thresholds
    self.baseWeight = baseWeight
    self.minMarks = minMarks
    self.maxAbsenceShare = maxAbsenceShare
    self.unmarkedGrades = unmarkedGrades
  }

  public var top: Int { marks.last ?? 0 }
  public var low: Int { marks.first ?? 0 }

  /// Why this scale cannot be used, keyed by the `school.toml` key concerned; empty when valid.
  ///
  /// Thresholds need one key for every mark but the lowest, strictly increasing, each above the
  /// lowest mark and below the top one (DESIGN §2).
  public var problems: [(key: String, message: String)] {
    var found: [(String, String)] = []
    if marks.count < 2 {
      found.append(("marks", "needs at least two marks, e.g. [2, 3, 4, 5]"))
    } else if Set(marks).count != marks.count {
      found.append(("marks", "lists a mark twice"))
    }
    let expected = Set(marks.dropFirst())
    let given = Set(thresholds.keys)
    if marks.count >= 2, given != expected {
      let missing = expected.subtracting(given).sorted().map(String.init)
      let extra = given.subtracting(expected).sorted().map(String.init)
      var parts: [String] = []
      if !missing.isEmpty { parts.append("missing " + missing.joined(separator: ", ")) }
      if !extra.isEmpty {
        parts.append("not a mark above the lowest: " + extra.joined(separator: ", "))
      }
      found.append(
        (
          "thresholds",
          "needs one key for every mark but the lowest (" + parts.joined(separator: "; ")
            + ")"
        ))
    } else if marks.count >= 2 {
      var previous: Decimal?
      for mark in marks.dropFirst() {
        guard let t = thresholds[mark] else { continue }
        if t <= Decimal(low) || t >= Decimal(top) {
          found.append(
            ("thresholds", "threshold of \(mark) is \(t): it must lie between \(low) and \(top)"))
        }
        if let p = previous, t <= p {
          found.append(("thresholds", "thresholds must increase with the mark (\(mark) = \(t))"))
        }
        previous = t
      }
    }
    if baseWeight <= 0 { found.append(("base_weight", "must be greater than 0")) }
    if minMarks < 0 { found.append(("min_marks", "must be an integer ≥ 0")) }
    if maxAbsenceShare < 0 || maxAbsenceShare > 1 {
      found.append(("max_absence_share", "must lie in [0, 1]"))
    }
    return found
  }
}
