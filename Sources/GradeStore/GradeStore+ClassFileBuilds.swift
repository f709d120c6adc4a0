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

  /// Records that a class's files of `week` now hold what `digest` describes; call it only
  /// after both files are durable.
  public func recordClassFileDigest(week: SchoolWeek, classID: ClassID, digest: String)
    throws(StoreError)
  {
    do {
      try pool.write { db in
        try db.execute(
          sql: """
            INSERT INTO class_file_builds (week, class_id, digest) VALUES (?, ?, ?)
            ON CONFLICT (week, class_id) DO UPDATE SET digest = excluded.digest
            """, arguments: [week.description, classID.rawValue, digest])
      }
    } catch { throw StoreError.wrap(error, "recording the class files of \(week)") }
  }
}
