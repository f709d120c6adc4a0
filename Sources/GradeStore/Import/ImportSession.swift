import DiaryRules
import Foundation
import GRDB

/// One import in progress: it validates every record of the set and writes it inside a single
/// transaction, which is rolled back when any problem was found, so the store never holds half
/// an import (DESIGN §2).
///
/// Files are read in `ImportTable.all` order, parents before the files that refer to them. A
/// reference is known when its id is in the set's file or, unless that file replaces its table,
/// in the store.
/// Carries a value to another thread when the code around it guarantees that only one thread
/// uses it at a time (here: the import's reader until it has finished, then the writer).
final class UncheckedBox<Value>: @unchecked Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
}

final class ImportSession {
  let db: Database
  let directory: URL
  let importID: Int64
  let replace: Bool
  let operatorName: String
  let now: Date
  let nowStamp: String
  /// The school's settings as this import leaves them; nil when `school.toml` is unusable.
  let settings: SchoolSettings?
  let parser: ImportValueParser
  /// From this size of `marks.csv` on, the by-student index is rebuilt after the marks.
  let bulkMarksBytes: Int

  var problems = ProblemLog()
  var warnings: [String] = []
  var counts: [ImportReport.FileCount] = []
  /// Known ids of the tables that others refer to.
  var known: [String: Set<String>] = [:]
  /// Where a student's, a guardian link's or a period's record stands in this set; links by
  /// `student, guardian` and, for a student's first link, by student.
  var studentLines: [String: Int] = [:]
  var linkLines: [String: Int] = [:]
  var periodLines: [String: Int] = [:]

  init(
    db: Database, directory: URL, importID: Int64, replace: Bool, operatorName: String,
    now: Date, settings: SchoolSettings?, bulkMarksBytes: Int
  ) {
    self.bulkMarksBytes = bulkMarksBytes
    self.db = db
    self.directory = directory
    self.importID = importID
    self.replace = replace
    self.operatorName = operatorName
    self.now = now
    nowStamp = Instant.stamp(now)
    self.settings = settings
    let zone = settings?.zone ?? SchoolSettings.utc
    parser = ImportValueParser(timeZone: zone)
  }

  func report(_ file: String, _ line: Int, _ column: String?, _ message: String) {
    problems.add(ImportProblem(file: file, line: line, column: column, message: message))
  }

  func report(_ row: ImportRow, _ column: String?, _ message: String) {
    report(row.file, row.line, column, message)
  }

  // MARK: - Files

  /// Reads one file: checks its header, hands every record to `body`, then (with `--replace`)
  /// deletes the table's rows this import did not write, and counts what changed.
  func importFile(
    _ table: ImportTable, _ body: (ImportRow) throws -> Void
  ) throws {
    guard let opened = try open(table) else { return }
    let rows = try readRecords(opened.csv, of: table, body)
    try finish(table, opened, rows: rows)
  }

  /// Like `importFile`, for the large files: a second thread reads and checks the records
  /// (`check` returns the row to write, or nil) while this thread, which owns the database
  /// connection, writes them (`write`). Reading and checking take about as long as SQLite's
  /// inserts, and the machine has two cores.
  ///
  /// While the reader runs, this thread touches nothing but `write`'s statement; the session's
  /// state (problems, known ids) belongs to the reader until it has finished.
  func importFilePipelined<Row>(
    _ table: ImportTable, check: @escaping (ImportRow) throws -> Row?,
    write: (Row) throws -> Void
  ) throws {
    guard let opened = try open(table) else { return }
    let channel = BatchChannel<Row>()
    let reader = UncheckedBox(
      ReaderState(session: self, csv: opened.csv, table: table, check: check, channel: channel))
    let done = DispatchGroup()
    done.enter()
    Thread.detachNewThread {
      reader.value.run()
      done.leave()
    }
    var failure: (any Error)?
    while let batch = channel.receive() {
      do {
        for row in batch { try write(row) }
      } catch {
        failure = error
        channel.cancel()
        break
      }
    }
    done.wait()
    if let failure { throw failure }
    if let error = reader.value.failure { throw error }
    try finish(table, opened, rows: reader.value.rows)
  }

  /// The reading side of `importFilePipelined`, run on its own thread.
  private final class ReaderState<Row> {
    let session: ImportSession
    let csv: CSVFile
    let table: ImportTable
    let check: (ImportRow) throws -> Row?
    let channel: BatchChannel<Row>
    var rows = 0
    var failure: (any Error)?

    init(
      session: ImportSession, csv: CSVFile, table: ImportTable,
      check: @escaping (ImportRow) throws -> Row?, channel: BatchChannel<Row>
    ) {
      self.session = session
      self.csv = csv
      self.table = table
      self.check = check
      self.channel = channel
    }

    func run() {
      var batch: [Row] = []
      batch.reserveCapacity(2048)
      var open = true
      do {
        rows = try session.readRecords(csv, of: table) { row in
          guard open, let checked = try check(row) else { return }
          batch.append(checked)
          if batch.count == 2048 {
            open = channel.send(batch)
            batch.removeAll(keepingCapacity: true)
          }
        }
        if open, !batch.isEmpty { _ = channel.send(batch) }
      } catch {
        failure = error
      }
      channel.finish()
    }
  }

  /// A file opened and its header checked, with the table's row count before the import.
  struct OpenedFile {
    let csv: CSVFile
    let before: Int
    let started: ContinuousClock.Instant
  }

  private func open(_ table: ImportTable) throws -> OpenedFile? {
    let started = ContinuousClock.now
    let url = directory.appendingPathComponent(table.file)
    let csv: CSVFile
    do {
      csv = try CSVFile(url: url, name: table.file)
    } catch {
      problems.add(error)
      return nil
    }
    guard checkHeader(csv.header, of: table) else { return nil }
    let before = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table.table)") ?? 0
    return OpenedFile(csv: csv, before: before, started: started)
  }

  /// Hands every record with the header's number of fields to `body`; returns how many.
  fileprivate func readRecords(
    _ csv: CSVFile, of table: ImportTable, _ body: (ImportRow) throws -> Void
  ) throws -> Int {
    var rows = 0
    do {
      try csv.forEachRecord { record in
        guard record.fields.count == csv.header.count else {
          report(
            table.file, record.line, nil,
            "has \(record.fields.count) fields but the header has \(csv.header.count); "
              + "quote values that contain '\(Character(UnicodeScalar(csv.delimiter)))'")
          return
        }
        rows += 1
        try body(
          ImportRow(file: table.file, line: record.line, fields: record.fields, header: csv.header))
      }
    } catch let problem as ImportProblem {
      problems.add(problem)
    }
    return rows
  }

  /// With `--replace`, deletes the rows this import did not write; then counts what changed.
  private func finish(_ table: ImportTable, _ opened: OpenedFile, rows: Int) throws {
    var deleted = 0
    if replace, table.table != "registry" {
      try db.execute(
        sql: "DELETE FROM \(table.table) WHERE import_id <> ?", arguments: [importID])
      deleted = db.changesCount
    }
    let after = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table.table)") ?? 0
    let new = max(0, after - opened.before + deleted)
    counts.append(
      ImportReport.FileCount(
        file: table.file, rows: rows, new: new, updated: max(0, rows - new), deleted: deleted,
        encoding: opened.csv.encoding.rawValue, seconds: Self.seconds(since: opened.started)))
  }

  static func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
  }

  /// Maps column names to positions, reporting duplicate, unknown and missing columns at line 1.
  /// Returns false when the records cannot be read (a column is missing or repeated).
  private func checkHeader(_ header: [String], of table: ImportTable) -> Bool {
    var index: [String: Int] = [:]
    var usable = true
    for (i, name) in header.enumerated() {
      if let first = index[name] {
        report(table.file, 1, name, "column appears twice (columns \(first + 1) and \(i + 1))")
        usable = false
      } else if !table.columns.contains(name) {
        report(
          table.file, 1, name.isEmpty ? "(empty)" : name,
          "unknown column; the columns of \(table.file) are "
            + table.columns.joined(separator: ", "))
      }
      index[name] = index[name] ?? i
    }
    for name in table.required where index[name] == nil {
      report(table.file, 1, name, "missing column (required in \(table.file))")
      usable = false
    }
    return usable
  }

  // MARK: - Known ids

  /// The ids of `table` that references may use: the store's, unless this set replaces it.
  func startKnownIDs(_ table: String, key: String, fileInSet: Bool) throws {
    if fileInSet && replace {
      known[table] = []
    } else {
      known[table] = Set(try String.fetchAll(db, sql: "SELECT \(key) FROM \(table)"))
    }
  }

  // MARK: - Cells

  func text(_ row: ImportRow, _ column: String, required: Bool = true) -> String? {
    let value = row[column]
    if value == nil, required { report(row, column, "missing value") }
    return value
  }

  /// An id that follows the id rule of §2.
  func id(_ row: ImportRow, _ column: String, required: Bool = true) -> String? {
    guard let value = text(row, column, required: required) else { return nil }
    guard IDRule.isValid(value) else {
      report(
        row, column,
        "'\(Self.quote(value))' is not a valid id (a letter or digit, then up to 63 letters, "
          + "digits, '_', '.' or '-')")
      return nil
    }
    return value
  }

  /// An id that must name a row of `table`, in this set or in the store.
  func reference(
    _ row: ImportRow, _ column: String, table: String, file: String, required: Bool = true
  ) -> String? {
    guard let value = id(row, column, required: required) else { return nil }
    guard known[table]?.contains(value) ?? false else {
      report(
        row, column, "unknown id '\(value)': not in \(file)" + (replace ? "" : " nor in the store"))
      return nil
    }
    return value
  }

  func date(_ row: ImportRow, _ column: String, required: Bool = true) -> LocalDate? {
    guard let value = text(row, column, required: required) else { return nil }
    guard let date = ImportValueParser.date(value) else {
      report(
        row, column,
        "'\(Self.quote(value))' is not a date (write 2026-11-23 or 23.11.2026)")
      return nil
    }
    return date
  }

  /// An instant, stored as UTC text; without an offset it is on the school's clock.
  func time(_ row: ImportRow, _ column: String) -> String? {
    guard let value = row[column] else { return nil }
    guard let instant = parser.time(value) else {
      report(
        row, column,
        "'\(Self.quote(value))' is not a time (write 2026-11-23 14:05 or 2026-11-23T14:05:00+05:00)"
      )
      return nil
    }
    return Instant.stamp(instant)
  }

  /// A weight: a decimal > 0 with at most four decimals, as an integer count of 1/10 000.
  func weight(_ row: ImportRow, _ column: String, required: Bool) -> Int64? {
    guard let value = text(row, column, required: required) else { return nil }
    guard let (decimal, digits) = ImportValueParser.decimal(value), digits <= 4, decimal > 0
    else {
      report(
        row, column,
        "'\(Self.quote(value))' is not a weight (a number > 0 with at most 4 decimals, "
          + "such as 1, 1.5 or 0,25)")
      return nil
    }
    return NSDecimalNumber(decimal: decimal * 10_000).int64Value
  }

  func yesNo(_ row: ImportRow, _ column: String, default fallback: Bool? = nil) -> Bool? {
    guard let value = text(row, column, required: fallback == nil) else { return fallback }
    guard let flag = ImportValueParser.yesNo(value) else {
      report(row, column, "'\(Self.quote(value))' is not yes or no")
      return nil
    }
    return flag
  }

  /// A value of a closed set, matched without regard to case.
  func choice<T: RawRepresentable<String> & CaseIterable>(
    _ row: ImportRow, _ column: String, as type: T.Type, default fallback: T? = nil
  ) -> T? {
    guard let value = text(row, column, required: fallback == nil) else { return fallback }
    guard let parsed = T(rawValue: ImportValueParser.code(value)) else {
      report(
        row, column,
        "'\(Self.quote(value))' is not one of "
          + T.allCases.map(\.rawValue).joined(separator: ", "))
      return nil
    }
    return parsed
  }

  func grades(_ row: ImportRow, _ column: String) -> GradeSet? {
    guard let value = row[column] else { return .all }
    guard let set = GradeSet(parsing: value) else {
      report(
        row, column,
        "'\(Self.quote(value))' is not a set of grades (write 7, 10-11 or 5 7 9; grades are 1–11)")
      return nil
    }
    return set
  }

  /// Records a key and reports it as a duplicate when it was already seen in this file.
  func checkDuplicate<Key: Hashable>(
    _ seen: inout [Key: Int], _ key: Key, _ row: ImportRow, column: String,
    shown: @autoclosure () -> String
  ) -> Bool {
    if let first = seen.updateValue(row.line, forKey: key) {
      seen[key] = first
      report(row, column, "duplicate '\(shown())' (first at line \(first))")
      return false
    }
    return true
  }

  /// Cuts long or control-laden values so that an error line stays one readable line.
  static func quote(_ value: String) -> String {
    let cleaned = String(
      value.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : Character($0) })
    return cleaned.count > 40 ? String(cleaned.prefix(40)) + "…" : cleaned
  }
}
