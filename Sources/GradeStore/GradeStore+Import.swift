import DiaryRules
import Foundation
import GRDB

extension GradeStore {
  /// A `marks.csv` this large is imported with the by-student index dropped and built again
  /// afterwards: one sort is cheaper than as many random index inserts as there are marks.
  public static let bulkMarksBytes = 16 << 20

  /// Validates the import set in `directory` and writes it in one transaction (DESIGN §2).
  ///
  /// Either the whole set is valid and imported, or nothing is written and the problems are
  /// thrown as `StoreError.importRejected`. With `replace`, every file present is the full
  /// content of its table.
  ///
  /// A `marks.csv` of `bulkMarksBytes` or more is imported with the by-student index rebuilt
  /// afterwards (faster for large files; tests lower it to exercise that path).
  public func importSet(
    at directory: URL, replace: Bool = false, operatorName: String, now: Date,
    bulkMarksBytes: Int = GradeStore.bulkMarksBytes
  ) throws(StoreError) -> ImportReport {
    let present = try Self.filesPresent(in: directory)
    do {
      return try pool.writeWithoutTransaction { db in
        try Self.inImportTransaction(db) {
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
            arguments: [
              Instant.stamp(now), directory.standardizedFileURL.path, replace, operatorName,
            ]
          )
          let importID = db.lastInsertedRowID
          let session = ImportSession(
            db: db, directory: directory, importID: importID, replace: replace,
            operatorName: operatorName, now: now, settings: settings,
            bulkMarksBytes: bulkMarksBytes)
          for problem in problems { session.problems.add(problem) }
          if let settings, present.contains(SchoolFile.name), session.problems.isEmpty {
            try SchoolRecord.save(settings, importID: importID, db: db)
          }
          try session.importCalendar(present)
          try session.importPeople(present)
          try session.importResults(present)
          // Before the registry is judged: a document whose student or guardian `--replace`
          // deleted is reported as the deletion it is, not as a document made invalid.
          if session.problems.isEmpty { try session.checkReferencesAfterReplace() }
          try session.importRegistry(present)
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
      }
    } catch {
      throw StoreError.wrap(error, "importing \(directory.path)")
    }
  }

  /// Runs `body` in one transaction with foreign-key enforcement off and a large page cache.
  ///
  /// The import checks every reference itself (a known id is in the set or in the store), and
  /// `--replace`, the only way rows disappear, runs `PRAGMA foreign_key_check` before it commits;
  /// checking each of millions of rows again in SQLite would only cost time.
  private static func inImportTransaction<T>(
    _ db: Database, _ body: () throws -> T
  ) throws -> T {
    try db.execute(sql: "PRAGMA foreign_keys = OFF; PRAGMA cache_size = -131072")
    let outcome = Result { () throws -> T in
      var value: T?
      try db.inTransaction {
        value = try body()
        return .commit
      }
      guard let value else {
        throw StoreError.database(context: "importing", underlying: "the import returned nothing")
      }
      return value
    }
    try db.execute(sql: "PRAGMA foreign_keys = ON; PRAGMA cache_size = -2000")
    return try outcome.get()
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
      throw .importSet(
        path: directory.path, reason: "cannot be read: \(error.localizedDescription)")
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
  /// rows, by registry documents or by issued sheets: the import is refused, naming the keys.
  func checkReferencesAfterReplace() throws {
    guard replace else { return }
    // Per parent table: the tables that still refer to deleted rows, and those rows' keys.
    var orphans: [String: (children: [String], keys: Set<String>)] = [:]
    var seen = Set<String>()
    for violation in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
      let child: String = violation["table"]
      let parent: String = violation["parent"]
      let fkid: Int = violation["fkid"]
      guard ImportTable.all.contains(where: { $0.table == parent }),
        seen.insert("\(child) \(fkid)").inserted,
        let link = try Row.fetchAll(db, sql: "PRAGMA foreign_key_list(\"\(child)\")")
          .first(where: { $0["id"] == fkid })
      else { continue }
      let from: String = link["from"]
      let to: String = link["to"] ?? from
      let keys = try String.fetchAll(
        db,
        sql: """
          SELECT DISTINCT c."\(from)" FROM "\(child)" c
          WHERE c."\(from)" IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM "\(parent)" p WHERE p."\(to)" = c."\(from)")
          """)
      orphans[parent, default: ([], [])].children.append(child)
      orphans[parent, default: ([], [])].keys.formUnion(keys)
    }
    for table in ImportTable.all {
      guard let (children, keys) = orphans[table.table] else { continue }
      let order = ImportTable.all.map(\.table) + ["ledger"]
      let tables = children.sorted {
        (order.firstIndex(of: $0) ?? order.count) < (order.firstIndex(of: $1) ?? order.count)
      }
      let sorted = keys.sorted()
      let shown =
        sorted.prefix(5).map { "'\($0)'" }.joined(separator: ", ")
        + (sorted.count > 5 ? " and \(sorted.count - 5) more" : "")
      let advice =
        table.table == "students"
        ? "keep the row and set left_on instead"
        : table.table == "guardians"
          ? "keep the row and set until in student_guardians.csv instead" : "keep the row"
      report(
        table.file, 1, nil,
        "--replace would delete \(shown), which \(tables.joined(separator: ", ")) still "
          + "refer\(children.count == 1 ? "s" : "") to; \(advice)")
    }
  }
}

extension ImportReport {
  /// The counts as the import log keeps them.
  var countsJSON: String {
    let entries = files.map {
      "\"\($0.file)\":{\"rows\":\($0.rows),\"new\":\($0.new),\"updated\":\($0.updated),"
        + "\"deleted\":\($0.deleted),\"seconds\":\((($0.seconds * 1000).rounded() / 1000))}"
    }
    return "{" + entries.joined(separator: ",") + "}"
  }
}
