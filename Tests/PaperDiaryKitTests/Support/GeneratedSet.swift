import Foundation
import Testing

/// A made-up school that `paperdiary sample` writes, for tests that need more than the 43
/// recipients of `Samples/`. The same values give the same bytes (DESIGN §6).
struct GeneratedSet {
  let students: Int
  let seed: Int
  let optoutShare: Double
  let today: String

  /// About 300 recipients: week 2026-W48 as of Friday 2026-11-27 owes 297 weekly sheets in 13
  /// classes (the tests that rely on the number check it falls in 280…320).
  static let threeHundredRecipients = GeneratedSet(
    students: 290, seed: 7, optoutShare: 0.9, today: "2026-11-27")

  /// 400 students, about 66 000 rows: an import that takes a few seconds in a debug build,
  /// long enough to be killed at several moments before it commits.
  static let fourHundredStudents = GeneratedSet(
    students: 400, seed: 5, optoutShare: 0.9, today: "2026-11-27")

  /// Writes the set into `folder` (which must not exist yet) with the real executable.
  func write(to folder: URL) throws {
    let made = try ImportCommandTests.run([
      "sample", "--students", String(students), "--seed", String(seed),
      "--optout-share", String(optoutShare), "--today", today, "--out", folder.path,
    ])
    try #require(made.status == 0, "paperdiary sample: \(made.stderr)")
  }
}
