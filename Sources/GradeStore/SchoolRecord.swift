import DiaryRules
import Foundation
import GRDB

/// The `school` table's single row, converted to and from `SchoolSettings`.
enum SchoolRecord {
  static func save(_ settings: SchoolSettings, importID: Int64, db: Database) throws {
    let grading = settings.grading
    let thresholds = grading.thresholds.keys.sorted().map {
      "\($0)=\(grading.thresholds[$0] ?? 0)"
    }
    try db.execute(
      sql: """
        INSERT OR REPLACE INTO school (id, name, short_name, address, timezone, study_days,
          template, paper_since, exported_on, marks, thresholds, base_weight, min_marks,
          max_absence_share, unmarked_grades, import_id)
        VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [
        settings.name, settings.shortName, settings.address, settings.timeZoneIdentifier,
        settings.studyDays.sorted().map(String.init).joined(separator: ","), settings.template,
        settings.paperSince?.iso, settings.exportedOn?.iso,
        grading.marks.map(String.init).joined(separator: ","), thresholds.joined(separator: ";"),
        "\(grading.baseWeight)", grading.minMarks, "\(grading.maxAbsenceShare)",
        Int(grading.unmarkedGrades.mask), importID,
      ])
  }

  /// The stored settings, or nil before the first import.
  static func fetch(_ db: Database) throws -> SchoolSettings? {
    guard let row = try Row.fetchOne(db, sql: "SELECT * FROM school WHERE id = 1") else {
      return nil
    }
    let marks = (row["marks"] as String).split(separator: ",").compactMap { Int($0) }
    var thresholds: [Int: Decimal] = [:]
    for pair in (row["thresholds"] as String).split(separator: ";") {
      let parts = pair.split(separator: "=")
      if parts.count == 2, let mark = Int(parts[0]), let value = Decimal(string: String(parts[1])) {
        thresholds[mark] = value
      }
    }
    let grading = GradingScale(
      marks: marks, thresholds: thresholds,
      baseWeight: Decimal(string: row["base_weight"]) ?? 1, minMarks: row["min_marks"],
      maxAbsenceShare: Decimal(string: row["max_absence_share"]) ?? 0.5,
      unmarkedGrades: GradeSet(mask: UInt16(truncatingIfNeeded: row["unmarked_grades"] as Int)))
    return SchoolSettings(
      name: row["name"], shortName: row["short_name"], address: row["address"],
      timeZoneIdentifier: row["timezone"],
      studyDays: Set((row["study_days"] as String).split(separator: ",").compactMap { Int($0) }),
      template: row["template"],
      paperSince: (row["paper_since"] as String?).flatMap { LocalDate(iso: $0) },
      exportedOn: (row["exported_on"] as String?).flatMap { LocalDate(iso: $0) },
      grading: grading)
  }
}
