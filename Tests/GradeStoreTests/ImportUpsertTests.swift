import DiaryRules
import Foundation
import GRDB
import Testing

@testable import GradeStore

/// Importing into a store that already holds data (DESIGN §2): upsert by key, subsets,
/// `--replace`, the registry's immutability and order, `recorded_at`, and the store's mode (R9).
@Suite("Importing again")
struct ImportUpsertTests {
  static func fetch(_ store: GradeStore, _ sql: String) throws -> [String?] {
    try DatabaseQueue(path: store.path).read { db in try String?.fetchAll(db, sql: sql) }
  }

  static func count(_ store: GradeStore, _ table: String) throws -> Int {
    try DatabaseQueue(path: store.path).read { db in
      try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? -1
    }
  }

  static func counts(_ report: ImportReport) -> [String: ImportReport.FileCount] {
    Dictionary(uniqueKeysWithValues: report.files.map { ($0.file, $0) })
  }

  // MARK: - Upsert

  @Test("importing again updates rows by key and says so")
  func upsert() throws {
    let fixture = try ImportFixture()
    let store = try fixture.makeStore()
    try fixture.importSet(into: store)
    try fixture.edit("students.csv", "s1,c07b,Иванов,", "s1,c07b,Сидоров,")
    try fixture.append("students.csv", "s6,c07b,Петров,Иван,,2013-01-01,no,")
    try fixture.edit("marks.csv", "oral,5,,", "oral,4,,")
    let report = try fixture.importSet(into: store)
    let counts = Self.counts(report)
    #expect(
      counts["students.csv"].map { [$0.rows, $0.new, $0.updated, $0.deleted] } == [6, 1, 5, 0])
    #expect(counts["marks.csv"].map { [$0.rows, $0.new, $0.updated] } == [6, 0, 6])
    #expect(counts["registry.csv"].map { [$0.rows, $0.new] } == [7, 0])
    #expect(report.lines.contains("students.csv: 6 rows (1 new, 5 updated)"))
    #expect(report.lines.first == "school.toml: settings updated")
    #expect(report.lines.last == "import 2: 62 rows from 15 files imported")
    #expect(
      try Self.fetch(store, "SELECT last_name FROM students WHERE student_id = 's1'")
        == ["Сидоров"])
    #expect(try Self.count(store, "students") == 6)
    #expect(
      try Self.fetch(store, "SELECT CAST(value AS TEXT) FROM marks WHERE mark_id = 'm1'") == ["4"])
    // The repeated registry documents were not recorded twice.
    #expect(try Self.count(store, "registry") == 7)
    #expect(try Self.fetch(store, "SELECT DISTINCT CAST(import_id AS TEXT) FROM registry") == ["1"])
    #expect(try Self.fetch(store, "SELECT DISTINCT CAST(import_id AS TEXT) FROM students") == ["2"])
  }

  @Test("a later import may bring any subset of the files")
  func subset() throws {
    let fixture = try ImportFixture()
    let store = try fixture.makeStore()
    try fixture.importSet(into: store)
    let students = try Self.fetch(store, "SELECT last_name FROM students ORDER BY student_id")
    try fixture.keepOnly(["marks.csv", "registry.csv"])
    try fixture.edit("marks.csv", "oral,5,,", "oral,3,,")
    try fixture.append("marks.csv", "m7,s5,alg,2026-10-01,test,4,,,,")
    try fixture.append("registry.csv", "r8,refusal,g5,s4,2026-11-20,вх. № 190")
    let report = try fixture.importSet(into: store)
    #expect(report.files.map(\.file) == ["marks.csv", "registry.csv"])
    #expect(!report.settingsImported)
    #expect(Self.counts(report)["marks.csv"].map { [$0.new, $0.updated] } == [1, 6])
    #expect(Self.counts(report)["registry.csv"].map { [$0.new, $0.updated] } == [1, 7])
    #expect(
      try Self.fetch(store, "SELECT CAST(value AS TEXT) FROM marks WHERE mark_id = 'm1'") == ["3"])
    #expect(try Self.count(store, "marks") == 7)
    #expect(try Self.fetch(store, "SELECT last_name FROM students ORDER BY student_id") == students)
    #expect(try store.recipients(on: LocalDateFixture.date(2026, 11, 27)).count == 5)
  }

  @Test("the latest subjects.csv sets the order; subjects it leaves out follow in their order")
  func subjectOrder() throws {
    let fixture = try ImportFixture()
    let store = try fixture.makeStore()
    try fixture.importSet(into: store)
    let order = "SELECT subject_id FROM subjects ORDER BY position"
    #expect(try Self.fetch(store, order) == ["rus", "math", "alg", "phys"])
    try fixture.keepOnly(["subjects.csv"])
    try fixture.write("subjects.csv", "subject_id,name\nphys,Физкультура\nalg,Алгебра\n")
    try fixture.importSet(into: store)
    #expect(try Self.fetch(store, order) == ["phys", "alg", "rus", "math"])
    try fixture.write("subjects.csv", "subject_id,name\nmath,Математика\n")
    try fixture.importSet(into: store)
    #expect(try Self.fetch(store, order) == ["math", "phys", "alg", "rus"])
  }

  @Test("a later subset is checked against the store: ids it does not bring must be stored")
  func subsetReferences() throws {
    let fixture = try ImportFixture()
    let store = try fixture.makeStore()
    try fixture.importSet(into: store)
    let before = try snapshot(store)
    try fixture.keepOnly(["marks.csv"])
    try fixture.append("marks.csv", "m7,s6,alg,2026-10-01,test,4,,,,")
    let problems = try fixture.problems(importing: store)
    #expect(
      problems.map(\.description) == [
        "marks.csv:8: student_id: unknown id 's6': not in students.csv nor in the store"
      ])
    #expect(try snapshot(store) == before)
  }

  // MARK: - --replace

  @Test("--replace deletes the rows a file no longer has and counts them")
  func replaceDeletes() throws {
    let fixture = try ImportFixture()
    let store = try fixture.makeStore()
    try fixture.importSet(into: store)
    try fixture.edit("marks.csv", "m5,s2,math,24.11.2026,oral,5,0.5,no,,\n", "")
    try fixture.edit("lessons.csv", "c09a,alg,2026-11-23,\nc09a,alg,2026-11-23,\n", "")
    let report = try fixture.importSet(into: store, replace: true)
    let counts = Self.counts(report)
    #expect(counts["marks.csv"].map { [$0.rows, $0.new, $0.updated, $0.deleted] } == [5, 0, 5, 1])
    #expect(counts["lessons.csv"]?.deleted == 2)
    #expect(report.files.filter { $0.deleted > 0 }.map(\.file) == ["lessons.csv", "marks.csv"])
    #expect(report.lines.contains("marks.csv: 5 rows (0 new, 5 updated, 1 deleted)"))
    #expect(try Self.fetch(store, "SELECT mark_id FROM marks WHERE mark_id = 'm5'") == [])
    #expect(try Self.count(store, "registry") == 7)
  }

  @Test("--replace with a subset replaces only the tables of the files present")
  func replaceSubset() throws {
    let fixture = try ImportFixture()
    let store = try fixture.makeStore()
    try fixture.importSet(into: store)
    try fixture.keepOnly(["attendance.csv"])
    try fixture.writeTable(
      "attendance.csv", header: ["student_id", "subject_id", "date", "code"],
      rows: [["s1", "math", "2026-11-25", "н"]])
    let report = try fixture.importSet(into: store, replace: true)
    #expect(Self.counts(report)["attendance.csv"].map { [$0.new, $0.deleted] } == [1, 5])
    #expect(try Self.count(store, "attendance") == 1)
    #expect(try Self.count(store, "marks") == 6)
  }

  @Test("without --replace a row missing from a file stays")
  func upsertKeeps() throws {
    let fixture = try ImportFixture()
    let store = try fixture.makeStore()
    try fixture.importSet(into: store)
    try fixture.edit("marks.csv", "m5,s2,math,24.11.2026,oral,5,0.5,no,,\n", "")
    let report = try fixture.importSet(into: store)
    #expect(Self.counts(report)["marks.csv"]?.deleted == 0)
    #expect(try Self.count(store, "marks") == 6)
  }

  @Test("--replace that would delete a student a registry document names is refused")
  func replaceKeepsRegistryStudents() throws {
    let fixture = try ImportFixture()
    let store = try fixture.makeStore()
    try fixture.importSet(into: store)
    let before = try snapshot(store)
    // s2 leaves every file but the registry, which keeps its documents.
    try fixture.keepOnly(["students.csv", "student_guardians.csv", "marks.csv", "attendance.csv"])
    try fixture.edit("students.csv", "s2,c07b,Ёлкина,Анна,,2013-07-02,no,\n", "")
    try fixture.edit("student_guardians.csv", "s2,g3,мать,\n", "")
    try fixture.edit("marks.csv", "m4,s2,math,23.11.2026,oral,.,,,,Не сдана тетрадь\n", "")
    try fixture.edit("marks.csv", "m5,s2,math,24.11.2026,oral,5,0.5,no,,\n", "")
    try fixture.edit("attendance.csv", "s2,rus,2026-11-23,,Б\n", "")
    let problems = try fixture.problems(importing: store, replace: true)
    #expect(problems.count == 1, "\(problems.map(\.description))")
    let problem = try #require(problems.first)
    #expect(problem.file == "students.csv")
    #expect(problem.line == 1)
    #expect(problem.message.contains("registry"))
    #expect(problem.message.contains("'s2'"), "the error should name the student: \(problem)")
    #expect(problem.message.contains("left_on"))
    #expect(try snapshot(store) == before)
  }

  @Test("--replace that would delete a guardian a registry document names is refused")
  func replaceKeepsRegistryGuardians() throws {
    let fixture = try ImportFixture()
    let store = try fixture.makeStore()
    try fixture.importSet(into: store)
    let before = try snapshot(store)
    try fixture.keepOnly(["guardians.csv", "student_guardians.csv"])
    try fixture.edit("guardians.csv", "g3,Ёлкина,Марина,Юрьевна,in_person,,none,\n", "")
    try fixture.edit("student_guardians.csv", "s2,g3,мать,\n", "")
    let problems = try fixture.problems(importing: store, replace: true)
    #expect(problems.count == 1, "\(problems.map(\.description))")
    let problem = try #require(problems.first)
    #expect(problem.file == "guardians.csv")
    #expect(problem.line == 1)
    #expect(problem.message.contains("'g3'"), "the error should name the guardian: \(problem)")
    #expect(problem.message.contains("until"))
    #expect(try snapshot(store) == before)
  }

  @Test("--replace of the links that drops the one a stored refusal needs is refused")
  func replaceKeepsRegistryLinks() throws {
    let fixture = try ImportFixture()
    let store = try fixture.makeStore()
    try fixture.importSet(into: store)
    let before = try snapshot(store)
    try fixture.keepOnly(["student_guardians.csv"])
    try fixture.edit("student_guardians.csv", "s3,g4,мать,\n", "")
    let problems = try fixture.problems(importing: store, replace: true)
    #expect(
      problems.map(\.description) == [
        "student_guardians.csv:1: would make the stored refusal 'r6' of 2026-09-05 invalid: "
          + "'g4' is not a guardian of student 's3' on 2026-09-05",
        "student_guardians.csv:1: would make the stored student_consent 'r7' of 2026-09-20 "
          + "invalid: no guardian of student 's3' receives paper on 2026-09-20: a consent needs "
          + "a refusing guardian",
      ])
    #expect(try snapshot(store) == before)
  }

  @Test(
    "--replace that would delete a row other tables still refer to is refused, naming it",
    arguments: [
      (
        "s5,c09a,Лебедев,Максим,Олегович,2011-02-10,yes,2026-10-15\n",
        "students.csv:1: --replace would delete 's5', which student_guardians still refers to; "
          + "keep the row and set left_on instead"
      ),
      (
        "s4,c01a,Орлова,Вера,Игоревна,2019-10-01,no,\n",
        "students.csv:1: --replace would delete 's4', which student_guardians, attendance, "
          + "final_marks still refer to; keep the row and set left_on instead"
      ),
    ])
  func replaceKeepsReferredRows(line: String, expected: String) throws {
    let fixture = try ImportFixture()
    let store = try fixture.makeStore()
    try fixture.importSet(into: store)
    let before = try snapshot(store)
    try fixture.keepOnly(["students.csv"])
    try fixture.edit("students.csv", line, "")
    #expect(try fixture.problems(importing: store, replace: true).map(\.description) == [expected])
    #expect(try snapshot(store) == before)
  }

  @Test("--replace that would delete a student and guardian an issued sheet names is refused")
  func replaceKeepsLedgerPeople() throws {
    let fixture = try ImportFixture()
    let store = try fixture.makeStore()
    try fixture.importSet(into: store)
    try DatabaseQueue(path: store.path).write { db in
      try db.execute(
        sql: """
          INSERT INTO ledger (issue_id, kind, guardian_id, student_id, class_id, week, operator,
            created_at, file, sha256)
          VALUES ('2026-W40-00001', 'weekly', 'g6', 's5', 'c09a', '2026-W40', 'test',
            '2026-10-02T10:00:00Z', '/tmp/x.pdf', '00')
          """)
    }
    let before = try snapshot(store)
    try fixture.keepOnly(["students.csv", "guardians.csv", "student_guardians.csv"])
    try fixture.edit(
      "students.csv", "s5,c09a,Лебедев,Максим,Олегович,2011-02-10,yes,2026-10-15\n", "")
    try fixture.edit("guardians.csv", "g6,Лебедева,Ирина,,student,,none,\n", "")
    try fixture.edit("student_guardians.csv", "s5,g6,мать,\n", "")
    let problems = try fixture.problems(importing: store, replace: true)
    #expect(
      problems.map(\.description) == [
        "students.csv:1: --replace would delete 's5', which ledger still refers to; keep the row "
          + "and set left_on instead",
        "guardians.csv:1: --replace would delete 'g6', which ledger still refers to; keep the row "
          + "and set until in student_guardians.csv instead",
      ])
    #expect(try snapshot(store) == before)
  }

  @Test("--replace never deletes registry documents")
  func replaceKeepsDocuments() throws {
    let fixture = try ImportFixture()
    let store = try fixture.makeStore()
    try fixture.importSet(into: store)
    try fixture.keepOnly(["registry.csv"])
    try fixture.edit("registry.csv", "r7,student_consent,,s3,2026-09-20,вх. № 125\n", "")
    let report = try fixture.importSet(into: store, replace: true)
    #expect(Self.counts(report)["registry.csv"]?.deleted == 0)
    #expect(try Self.count(store, "registry") == 7)
  }

  // MARK: - Registry

  @Test(
    "a stored document repeated with any other content is refused",
    arguments: [
      ("r2,refusal,g2,s1,2026-09-03,", "r2,refusal,g2,s1,2026-09-04,"),
      ("r2,refusal,g2,s1,", "r2,refusal,g1,s1,"),
      ("r6,refusal,g4,s3,", "r6,annulment,g4,s3,"),
      ("вх. № 102", "вх. №102"),
    ])
  func immutableDocuments(old: String, new: String) throws {
    let fixture = try ImportFixture()
    let store = try fixture.makeStore()
    try fixture.importSet(into: store)
    let before = try snapshot(store)
    try fixture.edit("registry.csv", old, new)
    let problems = try fixture.problems(importing: store)
    #expect(problems.count == 1, "\(problems.map(\.description))")
    #expect(problems.first?.column == "doc_id")
    #expect(problems.first?.message.contains("already recorded with other content") == true)
    #expect(try snapshot(store) == before)
  }

  @Test("a stored document written in another form of the same values is the same document")
  func sameDocumentOtherForm() throws {
    let fixture = try ImportFixture()
    let store = try fixture.makeStore()
    try fixture.importSet(into: store)
    try fixture.edit("registry.csv", "r2,refusal,g2,s1,2026-09-03,", "r2,Refusal,g2,s1,03.09.2026,")
    let report = try fixture.importSet(into: store)
    #expect(Self.counts(report)["registry.csv"]?.new == 0)
  }

  /// Registry order is `signed_on`, then the order of first recording (row order in a file).
  @Test(
    "documents signed the same day follow row order",
    arguments: [(["refusal", "annulment"], true), (["annulment", "refusal"], false)])
  func sameDayOrder(kinds: [String], valid: Bool) throws {
    let fixture = try ImportFixture()
    let store = try fixture.makeStore()
    try fixture.importSet(into: store)
    for (n, kind) in kinds.enumerated() {
      try fixture.append("registry.csv", "x\(n),\(kind),g6,s5,2026-09-10,вх. № 9\(n)")
    }
    if valid {
      try fixture.importSet(into: store)
    } else {
      let problems = try fixture.problems(importing: store)
      #expect(
        problems.map { "\($0.file):\($0.line): \($0.column ?? "")" } == ["registry.csv:9: kind"])
    }
  }

  @Test("a new document signed the same day as a stored one comes after it")
  func sameDayAcrossImports() throws {
    let fixture = try ImportFixture()
    let store = try fixture.makeStore()
    try fixture.append("registry.csv", "x0,refusal,g6,s5,2026-09-10,вх. № 90")
    try fixture.importSet(into: store)
    // The annulment is above the stored refusal in the file, but the store recorded it later.
    try fixture.edit("registry.csv", "r1,", "x1,annulment,g6,s5,2026-09-10,вх. № 91\nr1,")
    try fixture.importSet(into: store)
    let order = try Self.fetch(
      store, "SELECT doc_id FROM registry WHERE student_id = 's5' ORDER BY signed_on, seq")
    #expect(order == ["x0", "x1"])
  }

  // MARK: - recorded_at

  @Test("a final mark changed without recorded_at gets the new import's time; unchanged keeps it")
  func recordedAt() throws {
    let fixture = try ImportFixture()
    let store = try fixture.makeStore()
    let first = Date(timeIntervalSince1970: 1_795_000_000)
    let second = first.addingTimeInterval(86_400 * 3 + 7)
    try fixture.importSet(into: store, now: first)
    try fixture.edit("final_marks.csv", "s3,alg,q1,Н/А,", "s3,alg,q1,3,")
    try fixture.edit("exam_results.csv", ",зач,2026-11-21 10:00", ",незач,")
    try fixture.importSet(into: store, now: second)
    let recorded = try Self.fetch(
      store, "SELECT recorded_at FROM final_marks ORDER BY student_id, subject_id, period_id")
    #expect(recorded == ["2026-10-24T10:00:00Z", Instant.stamp(second), Instant.stamp(first)])
    #expect(
      try Self.fetch(store, "SELECT recorded_at FROM exam_results") == [Instant.stamp(second)])
    // The same values again: nothing is recorded anew.
    try fixture.importSet(into: store, now: second.addingTimeInterval(3600))
    #expect(
      try Self.fetch(
        store, "SELECT recorded_at FROM final_marks ORDER BY student_id, subject_id, period_id")
        == recorded)
  }

  @Test("a final mark written in another case is not a change")
  func recordedAtSameValue() throws {
    let fixture = try ImportFixture()
    let store = try fixture.makeStore()
    let first = Date(timeIntervalSince1970: 1_795_000_000)
    try fixture.importSet(into: store, now: first)
    try fixture.edit("final_marks.csv", "s3,alg,q1,Н/А,", "s3,alg,q1,н/а,")
    try fixture.importSet(into: store, now: first.addingTimeInterval(600))
    #expect(
      try Self.fetch(store, "SELECT recorded_at FROM final_marks WHERE student_id = 's3'")
        == [Instant.stamp(first)])
  }

  // MARK: - The store file (R9)

  static func mode(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return try #require((attributes[.posixPermissions] as? NSNumber)?.intValue)
  }

  @Test("the store is created with mode 0600 and stays so after an import")
  func createdPrivate() throws {
    let fixture = try ImportFixture()
    let store = try fixture.makeStore()
    #expect(try Self.mode(fixture.storePath) == 0o600)
    try fixture.importSet(into: store)
    #expect(try Self.mode(fixture.storePath) == 0o600)
    for suffix in ["-wal", "-shm"]
    where FileManager.default.fileExists(atPath: fixture.storePath + suffix) {
      #expect(try Self.mode(fixture.storePath + suffix) & 0o077 == 0, "\(suffix)")
    }
  }

  @Test("a store that group or others can read is refused", arguments: [0o644, 0o640, 0o604])
  func loosePermissions(mode: Int) throws {
    let fixture = try ImportFixture()
    _ = try fixture.makeStore()
    try FileManager.default.setAttributes(
      [.posixPermissions: mode], ofItemAtPath: fixture.storePath)
    let openers: [() throws -> GradeStore] = [
      { try GradeStore(path: fixture.storePath) }, fixture.makeStore,
    ]
    for open in openers {
      do {
        _ = try open()
        Issue.record("a store with mode \(String(mode, radix: 8)) was opened")
      } catch let StoreError.loosePermissions(path, found) {
        #expect(path == fixture.storePath)
        #expect(found == mode)
        let text = StoreError.loosePermissions(path: path, mode: found).description
        #expect(text.contains("chmod 600 \(fixture.storePath)"))
      } catch {
        Issue.record("expected loosePermissions, got \(error)")
      }
    }
  }
}

/// Dates for tests, without force unwraps.
enum LocalDateFixture {
  static func date(_ year: Int, _ month: Int, _ day: Int) throws -> LocalDate {
    try #require(LocalDate(year: year, month: month, day: day))
  }
}
