import DiaryRules
import Foundation
import GRDB

extension GradeStore {
  /// Validates the import set in `directory` and writes it in one transaction (DESIGN §2).
  ///
  /// Either the whole set is valid and imported, or nothing is written and the problems are
  /// thrown as `StoreError.importRejected`. With `replace`, every file present is the full
  /// content of its table.
  public func importSet(
    at directory: URL, replace: Bool = false, operatorName: String, now: Date
  ) throws(StoreError) -> ImportReport {
    let present = try Self.filesPresent(in: directory)
    do {
      return try pool.write { db in
        let firstImport = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM imports") == 0
        var problems: [ImportProblem] = []
        if firstImport {
          let missing = ImportTable.all.filter { !$0.optionalFile && !present.contains($0.file) }
            .map(\.file)
          for file in (present.contains(SchoolFile.name) ? [] : [SchoolFile.name]) + missing {
            problems.append(
              ImportProblem(
                file: file, line: 1, column: nil,
                message: "missing file: the first import into an empty store needs every file "
                  + "but lessons.csv and study_dates.csv"))
          }
        }
        var settings: SchoolSettings?
        if present.contains(SchoolFile.name) {
          let (read, found) = SchoolFile.read(directory.appendingPathComponent(SchoolFile.name))
          settings = read
          problems += found
        } else {
          settings = try SchoolRecord.fetch(db)
        }
        try db.execute(
          sql: """
            INSERT INTO imports (started_at, source, replace, operator) VALUES (?, ?, ?, ?)
            """,
          arguments: [Instant.stamp(now), directory.standardizedFileURL.path, replace, operatorName]
        )
        let importID = db.lastInsertedRowID
        try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
        let session = ImportSession(
          db: db, directory: directory, importID: importID, replace: replace,
          operatorName: operatorName, now: now, settings: settings)
        for problem in problems { session.problems.add(problem) }
        if let settings, present.contains(SchoolFile.name), session.problems.isEmpty {
          try SchoolRecord.save(settings, importID: importID, db: db)
        }
        try session.importCalendar(present)
        try session.importPeople(present)
        try session.importResults(present)
        try session.importRegistry(present)
        if session.problems.isEmpty { try session.checkReferencesAfterReplace() }
        guard session.problems.isEmpty else {
          throw StoreError.importRejected(
            problems: session.problems.kept, total: session.problems.total)
        }
        let report = ImportReport(
          importID: importID, files: session.counts, warnings: session.warnings,
          settingsImported: present.contains(SchoolFile.name))
        try db.execute(
          sql: "UPDATE imports SET finished_at = ?, counts = ? WHERE import_id = ?",
          arguments: [Instant.stamp(now), report.countsJSON, importID])
        return report
      }
    } catch {
      throw StoreError.wrap(error, "importing \(directory.path)")
    }
  }

  /// The import set's files that PaperDiary knows; the folder must exist and hold at least one.
  static func filesPresent(in directory: URL) throws(StoreError) -> Set<String> {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory),
      isDirectory.boolValue
    else { throw .importSet(path: directory.path, reason: "no such folder") }
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
    } catch {
      throw .importSet(path: directory.path, reason: "cannot be read: \(error.localizedDescription)")
    }
    let known = Set(ImportTable.all.map(\.file) + [SchoolFile.name])
    let present = Set(names.filter(known.contains))
    guard !present.isEmpty else {
      throw .importSet(
        path: directory.path,
        reason: "holds none of the import set's files (school.toml, classes.csv, students.csv, …)")
    }
    return present
  }
}

extension ImportSession {
  /// With `--replace`, rows deleted from one table may still be referred to by another table's
  /// rows, by registry documents or by issued sheets: those rows are kept and reported instead.
  func checkReferencesAfterReplace() throws {
    guard replace else { return }
    let violations = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
    var reported = Set<String>()
    for violation in violations {
      let child: String = violation["table"]
      let parent: String = violation["parent"]
      guard let parentTable = ImportTable.all.first(where: { $0.table == parent }),
        reported.insert("\(child)→\(parent)").inserted
      else { continue }
      let advice =
        parent == "students"
        ? "keep the row and set left_on instead"
        : parent == "guardians" ? "keep the row and set until in student_guardians.csv instead"
        : "keep the row"
      report(
        parentTable.file, 1, nil,
        "--replace would delete rows that \(child) still refers to; \(advice)")
    }
  }
}

extension ImportReport {
  /// The counts as the import log keeps them.
  var countsJSON: String {
    let entries = files.map {
      "\"\($0.file)\":{\"rows\":\($0.rows),\"new\":\($0.new),\"updated\":\($0.updated),"
        + "\"deleted\":\($0.deleted)}"
    }
    return "{" + entries.joined(separator: ",") + "}"
  }
}
