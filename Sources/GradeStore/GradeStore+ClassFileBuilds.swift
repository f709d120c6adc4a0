import DiaryRules
import GRDB

extension GradeStore {
  /// The digest each class's print file and register of `week` were last built from.
  public func classFileDigests(week: SchoolWeek) throws(StoreError) -> [ClassID: String] {
    do {
      return try pool.read { db in
        var digests: [ClassID: String] = [:]
        for row in try Row.fetchAll(
          db, sql: "SELECT class_id, digest FROM class_file_builds WHERE week = ?",
          arguments: [week.description])
        {
          digests[ClassID(row[0] as String)] = row[1]
        }
        return digests
      }
    } catch { throw StoreError.wrap(error, "reading which class files of \(week) are built") }
  }

  /// Records that the files of these classes, now durable, are built from what `digest`
  /// describes; one transaction for all.
  public func recordClassFileDigests(
    week: SchoolWeek, _ digests: [(classID: ClassID, digest: String)]
  ) throws(StoreError) {
    do {
      try pool.write { db in
        let statement = try db.cachedStatement(
          sql: """
            INSERT INTO class_file_builds (week, class_id, digest) VALUES (?, ?, ?)
            ON CONFLICT (week, class_id) DO UPDATE SET digest = excluded.digest
            """)
        for entry in digests {
          try statement.execute(arguments: [week.description, entry.classID.rawValue, entry.digest])
        }
      }
    } catch { throw StoreError.wrap(error, "recording the class files of \(week)") }
  }

}
