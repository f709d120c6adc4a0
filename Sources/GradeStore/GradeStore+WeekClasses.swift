import DiaryRules
import GRDB

/// A class that has current issues in a week (the latest weekly sheet or reissue of each of its
/// pairs, R4): what ordering its class files and listing them in manifest.json need, read
/// without reading the sheets themselves.
public struct WeekClass: Sendable, Hashable {
  public let classID: ClassID
  public let name: String
  public let grade: Int
  public let homeroomTeacher: String
  /// How many current issues the class has.
  public let sheets: Int
  /// Their pages, and how many of them have an odd page count (a duplex print file pads
  /// each of those with a blank page).
  public let pages: Int
  public let oddSheets: Int
}

/// One current issue of a class, with its pair as the register and print order need it.
public struct ClassIssue: Sendable {
  public let recipient: Recipient
  public let issueID: String
  public let replaces: String?
  /// The file's absolute path, as the ledger keeps it.
  public let file: String
  public let sha256: String
  public let pages: Int
}

extension GradeStore {
  /// The ids of every class the store holds, sorted.
  public func classIDs() throws(StoreError) -> [ClassID] {
    do {
      return try pool.read { db in
        try String.fetchAll(db, sql: "SELECT class_id FROM classes ORDER BY class_id")
          .map { ClassID($0) }
      }
    } catch { throw StoreError.wrap(error, "reading the classes") }
  }

  /// Every class with current issues in `week`, in no particular order, read from the ledger's
  /// index alone. An issue whose class the store no longer holds is left out, as
  /// `classIssues` leaves it (its student and guardian an import cannot delete).
  public func weekClasses(week: SchoolWeek) throws(StoreError) -> [WeekClass] {
    do {
      return try pool.read { db in
        // Each pair's rows come together in the index; its latest row is its current issue.
        // Tallied here rather than by two GROUP BYs, which cost SQLite four times as long.
        var totals: [String: (sheets: Int, pages: Int, odd: Int)] = [:]
        func count(_ current: (classID: String, pages: Int)?) {
          guard let current else { return }
          var total = totals[current.classID] ?? (0, 0, 0)
          total.sheets += 1
          total.pages += current.pages
          total.odd += current.pages % 2
          totals[current.classID] = total
        }
        var pair: (student: String, guardian: String)?
        var latest: (classID: String, pages: Int, seq: Int64)?
        let rows = try Row.fetchCursor(
          db,
          sql: """
            SELECT student_id, guardian_id, class_id, COALESCE(pages, 1), seq FROM ledger
            WHERE week = ? ORDER BY student_id, guardian_id
            """, arguments: [week.description])
        while let row = try rows.next() {
          let student: String = row[0]
          let guardian: String = row[1]
          let seq: Int64 = row[4]
          if let current = pair, current.student == student, current.guardian == guardian {
            if let previous = latest, previous.seq > seq { continue }
          } else {
            count(latest.map { ($0.classID, $0.pages) })
            pair = (student, guardian)
          }
          latest = (row[2], row[3], seq)
        }
        count(latest.map { ($0.classID, $0.pages) })
        return try Row.fetchAll(
          db,
          sql: "SELECT class_id, name, grade, homeroom_teacher FROM classes"
        ).compactMap { row in
          let classID: String = row[0]
          guard let total = totals[classID] else { return nil }
          return WeekClass(
            classID: ClassID(classID), name: row[1], grade: row[2], homeroomTeacher: row[3],
            sheets: total.sheets, pages: total.pages, oddSheets: total.odd)
        }
      }
    } catch { throw StoreError.wrap(error, "reading the classes of \(week)") }
  }

  /// The current issues of one class in `week`, in no particular order: the pairs whose latest
  /// issue of the week was made in that class. Reads only the class's rows and those of its
  /// students' other issues of the week.
  public func classIssues(week: SchoolWeek, classID: ClassID) throws(StoreError) -> [ClassIssue] {
    try classIssues(
      week: week,
      where: """
        l.class_id = ?2 AND l.seq IN (
          SELECT MAX(seq) FROM ledger
          WHERE week = ?1 AND student_id IN (
            SELECT student_id FROM ledger WHERE week = ?1 AND class_id = ?2)
          GROUP BY student_id, guardian_id)
        """, arguments: [week.description, classID.rawValue])
  }

  private func classIssues(week: SchoolWeek, where condition: String, arguments: StatementArguments)
    throws(StoreError) -> [ClassIssue]
  {
    do {
      return try pool.read { db in
        var issues: [ClassIssue] = []
        let rows = try Row.fetchCursor(
          db,
          sql: """
            SELECT l.issue_id, l.replaces, l.file, l.sha256, COALESCE(l.pages, 1),
              l.guardian_id, l.student_id, c.name, c.grade, g.delivery,
              s.last_name, s.first_name, s.middle_name,
              g.last_name, g.first_name, g.middle_name, l.class_id
            FROM ledger l
            JOIN classes c ON c.class_id = l.class_id
            JOIN students s ON s.student_id = l.student_id
            JOIN guardians g ON g.guardian_id = l.guardian_id
            WHERE \(condition)
            """, arguments: arguments)
        while let row = try rows.next() {
          let delivery = try Delivery.stored(row[9], guardian: row[5])
          issues.append(
            ClassIssue(
              recipient: Recipient(
                guardian: GuardianID(row[5] as String), student: StudentID(row[6] as String),
                classID: ClassID(row[16] as String), className: row[7], grade: row[8],
                delivery: delivery,
                studentName: PersonName(last: row[10], first: row[11], middle: row[12]),
                guardianName: PersonName(last: row[13], first: row[14], middle: row[15])),
              issueID: row[0], replaces: row[1], file: row[2], sha256: row[3], pages: row[4]))
        }
        return issues
      }
    } catch { throw StoreError.wrap(error, "reading the current issues of \(week)") }
  }
}
