import DiaryRules
import Foundation
import GRDB

/// Issuing (§5): ids are reserved before rendering, ledger rows are written once their files
/// are durable, and print files, registers and manifest.json are rebuilt from the ledger.
extension GradeStore {
  // MARK: - Issue ids

  /// Reserves one issue id per request, in the requests' order, in one write transaction.
  ///
  /// Counters only grow, so an id reserved by a run that died is a skipped number, never a
  /// reused one. Ids are given out in the order asked, which is print order for a batch.
  public func reserveIssues(
    _ requests: [IssueRequest], at now: Date
  ) throws(StoreError) -> [String] {
    guard !requests.isEmpty else { return [] }
    do {
      return try pool.write { db in
        var counts: [IssueScope: Int64] = [:]
        for request in requests { counts[request.scope, default: 0] += 1 }
        var next: [IssueScope: Int64] = [:]
        for (scope, count) in counts {
          guard
            let last = try Int64.fetchOne(
              db,
              sql: """
                INSERT INTO issue_counters (scope, last) VALUES (?1, ?2)
                ON CONFLICT (scope) DO UPDATE SET last = last + ?2
                RETURNING last
                """, arguments: [scope.description, count])
          else { throw StoreError.database(context: "counting \(scope)", underlying: "no row") }
          next[scope] = last - count + 1
        }
        let insert = try db.cachedStatement(
          sql: """
            INSERT INTO reservations (issue_id, scope, kind, guardian_id, student_id, replaces,
              reserved_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        let stamp = Instant.stamp(now)
        var ids: [String] = []
        ids.reserveCapacity(requests.count)
        for request in requests {
          let scope = request.scope
          guard let counter = next[scope] else {
            throw StoreError.database(context: "reserving issue ids", underlying: "no \(scope)")
          }
          next[scope] = counter + 1
          let id = scope.issueID(counter)
          try insert.execute(arguments: [
            id, scope.description, request.kind.rawValue, request.guardian.rawValue,
            request.student.rawValue, request.replaces, stamp,
          ])
          ids.append(id)
        }
        return ids
      }
    } catch { throw StoreError.wrap(error, "reserving issue ids") }
  }

  /// The ids reserved in `scope` and not recorded: under the scope's lock, those of runs that
  /// died, whose files may have been written.
  public func reservedIssueIDs(scope: IssueScope) throws(StoreError) -> [String] {
    do {
      return try pool.read { db in
        try String.fetchAll(
          db, sql: "SELECT issue_id FROM reservations WHERE scope = ?",
          arguments: [scope.description])
      }
    } catch { throw StoreError.wrap(error, "reading the reservations of \(scope)") }
  }

  /// Deletes the reservations of `scope` and says how many there were.
  ///
  /// Called by a run that holds the scope's lock: any reservation left is then from a run that
  /// died, and its number stays unused.
  @discardableResult
  public func dropReservations(scope: IssueScope) throws(StoreError) -> Int {
    do {
      return try pool.write { db in
        try db.execute(
          sql: "DELETE FROM reservations WHERE scope = ?", arguments: [scope.description])
        return db.changesCount
      }
    } catch { throw StoreError.wrap(error, "dropping the reservations of \(scope)") }
  }

  // MARK: - The ledger

  /// Records a group of documents whose files are already durable, in one transaction: their
  /// ledger rows in the given order, what each notice covered, and the end of their
  /// reservations.
  ///
  /// A second weekly sheet for a (guardian, student, week) throws `.alreadyIssued` and records
  /// nothing of the group (R3).
  public func recordIssues(_ documents: [IssuedDocument]) throws(StoreError) {
    guard !documents.isEmpty else { return }
    do {
      try pool.write { db in
        let ledger = try db.cachedStatement(
          sql: """
            INSERT INTO ledger (issue_id, kind, guardian_id, student_id, class_id, week, replaces,
              reason, operator, created_at, as_of, import_id, file, sha256, pages, entry)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let item = try db.cachedStatement(
          sql: """
            INSERT INTO notice_items (issue_id, kind, item_key, value, recorded_at)
            VALUES (?, ?, ?, ?, ?)
            """)
        let release = try db.cachedStatement(sql: "DELETE FROM reservations WHERE issue_id = ?")
        for document in documents {
          do {
            try ledger.execute(arguments: [
              document.issueID, document.kind.rawValue, document.guardian.rawValue,
              document.student.rawValue, document.classID.rawValue, document.week?.description,
              document.replaces, document.reason, document.operatorName,
              Instant.stamp(document.createdAt), document.asOf?.iso, document.importID,
              document.file, document.sha256, document.pages, document.entry,
            ])
          } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            if document.kind == .weekly, let week = document.week,
              let existing = try Self.weeklyIssue(db, document.guardian, document.student, week)
            {
              throw StoreError.alreadyIssued(
                issueID: existing, guardian: document.guardian, student: document.student,
                week: week, attempted: document.issueID)
            }
            throw error
          }
          for result in document.covers {
            // R9: a notice tells one student's family about that student only.
            guard result.student == document.student else {
              throw StoreError.database(
                context: "recording notice \(document.issueID)",
                underlying: "it covers \(result.key) of student '\(result.student)', "
                  + "not of '\(document.student)'")
            }
            try item.execute(arguments: [
              document.issueID, result.kind.rawValue, result.key, result.value,
              Instant.stamp(result.recordedAt),
            ])
          }
          try release.execute(arguments: [document.issueID])
        }
      }
    } catch { throw StoreError.wrap(error, "recording issued documents") }
  }

  /// Hands each issue's manifest entry to `body`, in the order of `issueIDs`, reading one row
  /// at a time (nil for an issue without one).
  public func manifestEntries(
    _ issueIDs: [String], _ body: (String?) throws -> Void
  ) throws(StoreError) {
    do {
      try pool.read { db in
        let statement = try db.cachedStatement(sql: "SELECT entry FROM ledger WHERE issue_id = ?")
        for issueID in issueIDs {
          try body(try String.fetchOne(statement, arguments: [issueID]))
        }
      }
    } catch { throw StoreError.wrap(error, "reading the manifest entries") }
  }

  /// The pair's latest weekly sheet or reissue of `week`, or nil when none was issued: what
  /// `sheet` decides between a weekly issue and a reissue by, and what a reissue replaces.
  public func latestIssue(
    week: SchoolWeek, guardian: GuardianID, student: StudentID
  ) throws(StoreError) -> IssuedDocument? {
    do {
      let row = try pool.read { db in
        try Row.fetchOne(
          db,
          sql: """
            SELECT \(Self.documentColumns) FROM ledger
            WHERE week = ? AND guardian_id = ? AND student_id = ?
            ORDER BY seq DESC LIMIT 1
            """, arguments: [week.description, guardian.rawValue, student.rawValue])
      }
      return try row.map { (row) throws(StoreError) in try Self.document(row) }
    } catch { throw StoreError.wrap(error, "reading the latest issue of \(week)") }
  }

  // MARK: - Class files and runs

  /// The store's number of each class, for `print/class-<n>.pdf` (§5, R9: no imported id in
  /// a file name). Classes without one are numbered now, in the order given; numbers never
  /// change.
  public func classFileNumbers(for classes: [ClassID]) throws(StoreError) -> [ClassID: Int] {
    guard !classes.isEmpty else { return [:] }
    do {
      let wanted = Set(classes)
      func numbers(_ db: Database) throws -> [ClassID: Int] {
        var numbers: [ClassID: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT class_id, n FROM class_files") {
          let classID = ClassID(row[0] as String)
          if wanted.contains(classID) { numbers[classID] = row[1] }
        }
        return numbers
      }
      // Usually every class has its number already: then no write transaction is needed.
      let known = try pool.read(numbers)
      if known.count == wanted.count { return known }
      return try pool.write { db in
        let insert = try db.cachedStatement(
          sql: "INSERT INTO class_files (class_id) VALUES (?) ON CONFLICT (class_id) DO NOTHING")
        for classID in classes { try insert.execute(arguments: [classID.rawValue]) }
        return try numbers(db)
      }
    } catch { throw StoreError.wrap(error, "numbering the class files") }
  }

  /// Appends a run to its week's `runs` list.
  public func recordRun(_ run: WeekRun) throws(StoreError) {
    do {
      try pool.write { db in
        try db.execute(
          sql: """
            INSERT INTO runs (week, started_at, operator, as_of, issued, skipped, failed)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """,
          arguments: [
            run.week.description, Instant.stamp(run.startedAt), run.operatorName, run.asOf.iso,
            run.issued, run.skipped, run.failed,
          ])
      }
    } catch { throw StoreError.wrap(error, "recording the run of \(run.week)") }
  }

  /// The runs of `week`, oldest first.
  public func runs(week: SchoolWeek) throws(StoreError) -> [WeekRun] {
    do {
      let rows = try pool.read { db in
        try Row.fetchAll(
          db,
          sql: """
            SELECT started_at, operator, as_of, issued, skipped, failed FROM runs
            WHERE week = ? ORDER BY run_id
            """, arguments: [week.description])
      }
      return try rows.map { (row) throws(StoreError) in
        WeekRun(
          week: week, startedAt: try Self.instant(row[0], "runs"), operatorName: row[1],
          asOf: try Self.date(row[2], "runs"), issued: row[3], skipped: row[4], failed: row[5])
      }
    } catch { throw StoreError.wrap(error, "reading the runs of \(week)") }
  }

  // MARK: - Rows

  private static let documentColumns = """
    issue_id, kind, guardian_id, student_id, class_id, week, replaces, reason, operator,
    created_at, as_of, import_id, file, sha256, pages, entry
    """

  private static func weeklyIssue(
    _ db: Database, _ guardian: GuardianID, _ student: StudentID, _ week: SchoolWeek
  ) throws -> String? {
    try String.fetchOne(
      db,
      sql: """
        SELECT issue_id FROM ledger
        WHERE kind = 'weekly' AND guardian_id = ? AND student_id = ? AND week = ?
        """, arguments: [guardian.rawValue, student.rawValue, week.description])
  }

  private static func document(_ row: Row) throws(StoreError) -> IssuedDocument {
    let kindText: String = row["kind"]
    guard let kind = LedgerEntry.Kind(rawValue: kindText) else {
      throw .database(context: "reading the ledger", underlying: "unknown kind '\(kindText)'")
    }
    let weekText: String? = row["week"]
    let asOfText: String? = row["as_of"]
    return IssuedDocument(
      issueID: row["issue_id"], kind: kind, guardian: GuardianID(row["guardian_id"] as String),
      student: StudentID(row["student_id"] as String), classID: ClassID(row["class_id"] as String),
      week: try weekText.map { (text) throws(StoreError) in try week(text) },
      replaces: row["replaces"], reason: row["reason"], operatorName: row["operator"],
      createdAt: try instant(row["created_at"], "ledger"),
      asOf: try asOfText.map { (text) throws(StoreError) in try date(text, "ledger") },
      importID: row["import_id"], file: row["file"], sha256: row["sha256"], pages: row["pages"],
      entry: row["entry"])
  }

  /// A date column (`YYYY-MM-DD`); anything else is damage.
  private static func date(_ text: String, _ table: String) throws(StoreError) -> LocalDate {
    guard let date = LocalDate(iso: text) else {
      throw .database(context: "reading \(table)", underlying: "'\(text)' is not a date")
    }
    return date
  }
}
