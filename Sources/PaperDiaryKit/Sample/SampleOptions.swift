import DiaryRules

/// What `paperdiary sample` was asked for: how many students, which random seed, the share of
/// students whose family chose paper, and the day the export pretends to be made.
///
/// The same options always produce the same bytes, so a sample can be named by its options in
/// a bug report or a benchmark.
public struct SampleOptions: Sendable, Hashable {
  /// Students on the roll, those who left during the year included.
  public var students: Int
  /// Seed of the generator; a different seed gives a different but equally realistic school.
  public var seed: UInt64
  /// Share (0…1) of the students enrolled on `today` who have at least one recipient guardian
  /// on `today` (R1).
  public var optOutShare: Double
  /// The export date: marks, attendance and registry documents stop here, and the school year
  /// is the one that starts on 1 September on or before it.
  public var today: LocalDate

  public init(students: Int, seed: UInt64, optOutShare: Double, today: LocalDate) {
    self.students = students
    self.seed = seed
    self.optOutShare = optOutShare
    self.today = today
  }

  /// The largest school the generator accepts; far beyond any real one.
  public static let maximumStudents = 1_000_000

  /// Throws `SampleError.invalidOption` naming the first option out of range.
  public func validate() throws {
    guard (1...Self.maximumStudents).contains(students) else {
      throw SampleError.invalidOption(
        name: "--students", value: String(students),
        expected: "a whole number from 1 to \(Self.maximumStudents)")
    }
    guard optOutShare.isFinite, optOutShare >= 0, optOutShare <= 1 else {
      throw SampleError.invalidOption(
        name: "--optout-share", value: String(describing: optOutShare),
        expected: "a share from 0 to 1, such as 0.08")
    }
    guard today.year >= 1901, today.year <= 9000 else {
      throw SampleError.invalidOption(
        name: "--today", value: today.iso, expected: "a date between 1901 and 9000")
    }
  }
}
