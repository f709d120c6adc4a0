import DiaryRules
import Foundation

/// The roll files of the sample: classes, students, guardians and their links.
extension SampleGenerator {
  /// Writes `classes.csv`, `students.csv`, `guardians.csv` and `student_guardians.csv`.
  static func writeRoll(_ population: SamplePopulation, into directory: URL) throws
    -> [SampleSummary.FileRows]
  {
    let classes = try CSVWriter(
      directory: directory, name: "classes.csv",
      header: ["class_id", "name", "grade", "homeroom_teacher"])
    for schoolClass in population.classes {
      try classes.row([
        schoolClass.id, schoolClass.name, String(schoolClass.grade), schoolClass.teacher,
      ])
    }

    let students = try CSVWriter(
      directory: directory, name: "students.csv",
      header: [
        "student_id", "class_id", "last_name", "first_name", "middle_name", "birth_date",
        "passport", "left_on",
      ])
    for student in population.students {
      try students.row([
        student.id, population.classes[student.classIndex].id, student.lastName,
        student.firstName, student.middleName, student.birth.iso,
        student.passport ? "yes" : "no", student.leftOn?.iso,
      ])
    }

    let guardians = try CSVWriter(
      directory: directory, name: "guardians.csv",
      header: [
        "guardian_id", "last_name", "first_name", "middle_name", "delivery", "address",
        "contact_source", "contact_document",
      ])
    for guardian in population.guardians {
      try guardians.row([
        guardian.id, guardian.lastName, guardian.firstName, guardian.middleName,
        guardian.delivery, guardian.address, guardian.contactSource, guardian.contactDocument,
      ])
    }

    let links = try CSVWriter(
      directory: directory, name: "student_guardians.csv",
      header: ["student_id", "guardian_id", "relation", "until"])
    for link in population.links {
      let guardian = population.guardians[link.guardian]
      try links.row([
        population.students[link.student].id, guardian.id, guardian.role.rawValue,
        guardian.until?.iso,
      ])
    }

    return try closing([
      (classes, "classes.csv"), (students, "students.csv"), (guardians, "guardians.csv"),
      (links, "student_guardians.csv"),
    ])
  }

  /// Closes each file and reports its rows.
  static func closing(_ files: [(CSVWriter, String)]) throws -> [SampleSummary.FileRows] {
    try files.map { writer, name in
      try writer.close()
      return SampleSummary.FileRows(file: name, rows: writer.rows)
    }
  }
}
