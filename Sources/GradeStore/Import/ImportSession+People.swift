import DiaryRules
import GRDB

extension ImportSession {
  /// Students, guardians and the links between them.
  func importPeople(_ present: Set<String>) throws {
    try startKnownIDs("students", key: "student_id", fileInSet: present.contains("students.csv"))
    try startKnownIDs("guardians", key: "guardian_id", fileInSet: present.contains("guardians.csv"))
    if present.contains("students.csv") { try importStudents() }
    if present.contains("guardians.csv") { try importGuardians() }
    if present.contains("student_guardians.csv") { try importLinks() }
  }

  /// The table of `file`; the names are this module's own constants, so a miss is a bug here.
  func importTable(_ file: String) -> ImportTable {
    guard let table = ImportTable.all.first(where: { $0.file == file }) else {
      preconditionFailure("no import table for \(file)")
    }
    return table
  }

  private func importStudents() throws {
    var seen: [String: Int] = [:]
    let statement = try db.cachedStatement(
      sql: """
        INSERT INTO students (student_id, class_id, last_name, first_name, middle_name,
          birth_date, passport, left_on, import_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (student_id) DO UPDATE SET class_id = excluded.class_id,
          last_name = excluded.last_name, first_name = excluded.first_name,
          middle_name = excluded.middle_name, birth_date = excluded.birth_date,
          passport = excluded.passport, left_on = excluded.left_on,
          import_id = excluded.import_id
        """)
    try importFile(importTable("students.csv")) { row in
      let key = id(row, "student_id")
      let classID = reference(row, "class_id", table: "classes", file: "classes.csv")
      let last = text(row, "last_name")
      let first = text(row, "first_name")
      let middle = row["middle_name"]
      let birth = date(row, "birth_date")
      let passport = yesNo(row, "passport")
      let leftOn = date(row, "left_on", required: false)
      guard let key, checkDuplicate(&seen, key, row, column: "student_id", shown: key) else {
        return
      }
      known["students", default: []].insert(key)
      studentLines[key] = row.line
      guard let classID, let last, let first, let birth, let passport, problems.isEmpty else {
        return
      }
      try statement.execute(
        arguments: [
          key, classID, last, first, middle, birth.iso, passport, leftOn?.iso, importID,
        ])
    }
  }

  private func importGuardians() throws {
    var seen: [String: Int] = [:]
    let statement = try db.cachedStatement(
      sql: """
        INSERT INTO guardians (guardian_id, last_name, first_name, middle_name, delivery,
          address, contact_source, contact_document, import_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (guardian_id) DO UPDATE SET last_name = excluded.last_name,
          first_name = excluded.first_name, middle_name = excluded.middle_name,
          delivery = excluded.delivery, address = excluded.address,
          contact_source = excluded.contact_source,
          contact_document = excluded.contact_document, import_id = excluded.import_id
        """)
    try importFile(importTable("guardians.csv")) { row in
      let key = id(row, "guardian_id")
      let last = text(row, "last_name")
      let first = text(row, "first_name")
      let delivery = choice(row, "delivery", as: Delivery.self)
      let source = choice(row, "contact_source", as: ContactSource.self)
      let address = row["address"]
      let document = row["contact_document"]
      // R7: mail goes only to an address the guardian handed over in writing or signed.
      if delivery == .post, let key,
        address == nil || document == nil || !(source?.isDocumented ?? true)
      {
        report(
          row, "delivery",
          "guardian '\(key)' gets paper by post but has no documented address: fill address, "
            + "contact_source (written or e_signature) and contact_document")
      }
      guard let key, checkDuplicate(&seen, key, row, column: "guardian_id", shown: key) else {
        return
      }
      known["guardians", default: []].insert(key)
      guard let last, let first, let delivery, let source, problems.isEmpty else { return }
      try statement.execute(
        arguments: [
          key, last, first, row["middle_name"], delivery.rawValue, address, source.rawValue,
          document, importID,
        ])
    }
  }

  private func importLinks() throws {
    var seen: [String: Int] = [:]
    let statement = try db.cachedStatement(
      sql: """
        INSERT INTO student_guardians (student_id, guardian_id, relation, until, import_id)
        VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (student_id, guardian_id) DO UPDATE SET relation = excluded.relation,
          until = excluded.until, import_id = excluded.import_id
        """)
    try importFile(importTable("student_guardians.csv")) { row in
      let student = reference(row, "student_id", table: "students", file: "students.csv")
      let guardian = reference(row, "guardian_id", table: "guardians", file: "guardians.csv")
      let relation = text(row, "relation")
      let until = date(row, "until", required: false)
      guard let student, let guardian else { return }
      let shown = "\(student), \(guardian)"
      guard checkDuplicate(&seen, shown, row, column: "guardian_id", shown: shown) else {
        return
      }
      linkLines[student] = linkLines[student] ?? row.line
      linkLines[shown] = row.line
      guard let relation, problems.isEmpty else { return }
      try statement.execute(arguments: [student, guardian, relation, until?.iso, importID])
    }
  }
}
