import Foundation
import Testing

@testable import GradeStore

/// One defect given to the good set, and the one problem the import must report for it.
struct Defect: Sendable, CustomTestStringConvertible {
  let name: String
  let file: String
  let line: Int
  let column: String?
  /// A part of the message that says what is wrong.
  let message: String
  let apply: @Sendable (ImportFixture) throws -> Void

  var testDescription: String { name }

  init(
    _ name: String, _ file: String, _ line: Int, _ column: String?, _ message: String,
    apply: @escaping @Sendable (ImportFixture) throws -> Void
  ) {
    self.name = name
    self.file = file
    self.line = line
    self.column = column
    self.message = message
    self.apply = apply
  }

  /// Replaces `old` with `new` in the file the problem is reported in.
  static func edit(
    _ name: String, _ file: String, _ line: Int, _ column: String?, _ message: String,
    _ old: String, _ new: String
  ) -> Defect {
    Defect(name, file, line, column, message) { try $0.edit(file, old, new) }
  }

  /// Appends one record to the file the problem is reported in.
  static func append(
    _ name: String, _ file: String, _ line: Int, _ column: String?, _ message: String,
    _ record: String
  ) -> Defect {
    Defect(name, file, line, column, message) { try $0.append(file, record) }
  }
}

/// Every check DESIGN §2 makes at import, each with its own bad set: the good set with exactly
/// one defect, imported over a store that already holds the good set. The import must report
/// that defect where §2 says (file, physical line, column) and leave the store as it was.
@Suite("Import checks")
struct ImportCheckTests {
  /// Imports the good set, applies the defect, imports again and checks the one problem and the
  /// unchanged store.
  static func expectRefusal(_ defect: Defect) throws {
    let fixture = try ImportFixture()
    let store = try fixture.makeStore()
    try fixture.importSet(into: store)
    let before = try snapshot(store)
    try defect.apply(fixture)
    let problems = try fixture.problems(importing: store)
    #expect(problems.count == 1, "\(problems.map(\.description))")
    let problem = try #require(problems.first)
    #expect(problem.file == defect.file)
    #expect(problem.line == defect.line)
    #expect(problem.column == defect.column)
    #expect(problem.message.contains(defect.message), "\(problem)")
    #expect(try snapshot(store) == before, "a refused import changed the store")
  }

  // MARK: - Files and columns

  @Test(
    "every file but lessons.csv and study_dates.csv is needed by the first import",
    arguments: [
      "school.toml", "classes.csv", "subjects.csv", "mark_kinds.csv", "periods.csv",
      "holidays.csv", "students.csv", "guardians.csv", "student_guardians.csv", "marks.csv",
      "attendance.csv", "final_marks.csv", "exam_results.csv", "registry.csv",
    ])
  func missingFileOnTheFirstImport(file: String) throws {
    let fixture = try ImportFixture()
    let store = try fixture.makeStore()
    let empty = try snapshot(store)
    try fixture.remove(file)
    // The file's ids are unknown too, so references to them follow; the missing file comes first.
    let problems = try fixture.problems(importing: store)
    let problem = try #require(problems.first)
    #expect(problems.filter { $0.message.hasPrefix("missing file") }.count == 1)
    #expect(problem.file == file)
    #expect(problem.line == 1)
    #expect(problem.column == nil)
    #expect(problem.message.hasPrefix("missing file"))
    #expect(try snapshot(store) == empty)
  }

  @Test("optional files may be missing from the first import")
  func optionalFiles() throws {
    let fixture = try ImportFixture()
    try fixture.remove("lessons.csv")
    try fixture.remove("study_dates.csv")
    let report = try fixture.importSet(into: try fixture.makeStore())
    #expect(!report.files.map(\.file).contains("lessons.csv"))
  }

  static let columns: [Defect] = [
    Defect("a required column is missing", "students.csv", 1, "birth_date", "missing column") {
      try $0.removeColumn("students.csv", "birth_date")
    },
    Defect("a required column is missing", "marks.csv", 1, "kind_id", "missing column") {
      try $0.removeColumn("marks.csv", "kind_id")
    },
    Defect("an unknown column", "students.csv", 1, "nickname", "unknown column") {
      try $0.rewrite("students.csv") { header, rows in
        header.append("nickname")
        for i in rows.indices { rows[i].append("") }
      }
    },
    Defect("a column appears twice", "subjects.csv", 1, "name", "column appears twice") {
      try $0.rewrite("subjects.csv") { header, rows in
        header.append("name")
        for i in rows.indices { rows[i].append(rows[i][1]) }
      }
    },
    .append(
      "a record with a field too many", "marks.csv", 8, nil, "has 11 fields but the header has 10",
      "m7,s1,math,2026-11-25,oral,5,,,,,extra"),
    .append(
      "a record with a field too few", "students.csv", 7, nil,
      "has 7 fields but the header has 8", "s6,c07b,Петров,Иван,,2013-01-01,no"),
  ]

  @Test("columns and field counts", arguments: columns)
  func columnsAndFields(defect: Defect) throws { try Self.expectRefusal(defect) }

  // MARK: - Values

  static let values: [Defect] = [
    .edit(
      "a day that does not exist", "marks.csv", 2, "date", "'2026-02-30' is not a date",
      "m1,s1,math,2026-11-23", "m1,s1,math,2026-02-30"),
    .edit(
      "31 April, dotted", "marks.csv", 5, "date", "'31.04.2026' is not a date",
      "23.11.2026", "31.04.2026"),
    .edit(
      "a date with slashes", "students.csv", 2, "birth_date", "'14/03/2013' is not a date",
      "2013-03-14", "14/03/2013"),
    .edit(
      "a three-digit year", "registry.csv", 2, "signed_on", "'2.09.202' is not a date",
      "2026-09-02", "2.09.202"),
    .edit(
      "an hour past 23", "marks.csv", 2, "entered_at", "'2026-11-23 25:00' is not a time",
      "2026-11-23 14:05", "2026-11-23 25:00"),
    .edit(
      "a date where a time is expected", "final_marks.csv", 2, "recorded_at",
      "'2026-10-24' is not a time", "2026-10-24 15:00", "2026-10-24"),
    .edit(
      "an offset on a dotted time", "exam_results.csv", 2, "recorded_at",
      "is not a time", "2026-11-21 10:00", "21.11.2026 10:00+05:00"),
    .edit(
      "a weight with five decimals", "marks.csv", 6, "weight", "'0.12345' is not a weight",
      ",0.5,no,", ",0.12345,no,"),
    .edit(
      "a weight of 0", "marks.csv", 6, "weight", "'0' is not a weight", ",0.5,no,", ",0,no,"),
    .edit(
      "a negative weight", "marks.csv", 6, "weight", "'-1' is not a weight", ",0.5,no,",
      ",-1,no,"),
    .edit(
      "a kind's weight of 0,0", "mark_kinds.csv", 2, "weight", "'0,0' is not a weight",
      "oral,Ответ на уроке,1", "oral,Ответ на уроке,\"0,0\""),
    .edit(
      "a weight with an exponent", "mark_kinds.csv", 4, "weight", "'1e1' is not a weight",
      "sr,Самостоятельная работа,1.5", "sr,Самостоятельная работа,1e1"),
    .edit(
      "passport neither yes nor no", "students.csv", 2, "passport", "'maybe' is not yes or no",
      "2013-03-14,no,", "2013-03-14,maybe,"),
    .edit(
      "counted neither yes nor no", "marks.csv", 6, "counted", "'1' is not yes or no",
      ",0.5,no,", ",0.5,1,"),
    .edit(
      "an unknown delivery", "guardians.csv", 2, "delivery",
      "'email' is not one of student, in_person, post", "Петровна,student,", "Петровна,email,"),
    .edit(
      "an unknown contact source", "guardians.csv", 2, "contact_source",
      "'phone' is not one of written, e_signature, none", "student,,none,", "student,,phone,"),
    .edit(
      "an unknown document kind", "registry.csv", 2, "kind",
      "'complaint' is not one of refusal, annulment, student_consent", "r1,refusal,",
      "r1,complaint,"),
    .edit(
      "an unknown period kind", "periods.csv", 2, "kind", "'semester' is not one of term, year",
      "2026-10-24,term,", "2026-10-24,semester,"),
    .edit(
      "an unknown attendance code", "attendance.csv", 2, "code", "'нб' is not an attendance code",
      "2026-11-24,,н", "2026-11-24,,нб"),
    .edit(
      "a bad grade set", "holidays.csv", 2, "grades", "'12' is not a set of grades",
      "2026-11-04,,", "2026-11-04,12,"),
    .edit(
      "a grade out of range", "classes.csv", 2, "grade", "'12' is not a grade from 1 to 11",
      "1А,1,", "1А,12,"),
    .edit(
      "a class name without a grade", "classes.csv", 3, "grade", "does not start with a grade",
      "c07b,7Б,,", "c07b,Седьмой Б,,"),
    .edit(
      "a lesson number of 0", "lessons.csv", 7, "lesson_no", "'0' is not a lesson number",
      "c01a,rus,2026-11-23,1", "c01a,rus,2026-11-23,0"),
    .edit(
      "a period that ends before it starts", "periods.csv", 4, "end",
      "2026-08-01 is before the start 2026-09-01", "2027-05-26,year", "2026-08-01,year"),
    .edit(
      "a missing required value", "students.csv", 3, "first_name", "missing value",
      "Ёлкина,Анна,", "Ёлкина,,"),
    .edit(
      "a refusal without its guardian", "registry.csv", 2, "guardian_id", "missing value",
      "r1,refusal,g1,", "r1,refusal,,"),
    .edit(
      "a consent that names a guardian", "registry.csv", 8, "guardian_id",
      "a student's consent is signed by the student", "student_consent,,s3",
      "student_consent,g4,s3"),
  ]

  @Test("types, dates, times, decimals, yes/no and closed sets", arguments: values)
  func badValues(defect: Defect) throws { try Self.expectRefusal(defect) }

  static let marks: [Defect] = [
    .edit(
      "a mark above the scale", "marks.csv", 2, "value",
      "'6' is not a mark of this school (2, 3, 4, 5, or '.' for a debt)", "oral,5,,",
      "oral,6,,"),
    .edit(
      "a mark below the scale", "marks.csv", 4, "value", "'1' is not a mark of this school",
      "sr,3,,", "sr,1,,"),
    .edit(
      "a half mark", "marks.csv", 2, "value", "'4.5' is not a mark of this school", "oral,5,,",
      "oral,4.5,,"),
    .edit(
      "a double mark in one cell", "marks.csv", 7, "value", "'4/5' is not a mark of this school",
      "test,5,,yes", "test,4/5,,yes"),
    .edit(
      "a final mark outside the scale", "final_marks.csv", 2, "value",
      "'6' is not a final mark (2, 3, 4, 5, н/а, осв, зач, незач)", "q1,4,", "q1,6,"),
    .edit(
      "a final mark that is a word the scale lacks", "final_marks.csv", 4, "value",
      "'отл' is not a final mark", "q1,осв,", "q1,отл,"),
    .edit(
      "an exam mark outside the scale", "exam_results.csv", 2, "mark", "'отлично' is not a mark",
      ",зач,", ",отлично,"),
    .edit(
      "an exam score that is not a number", "exam_results.csv", 2, "score",
      "'много' is not a score", ",,зач,", ",много,зач,"),
  ]

  @Test("marks outside grading.marks", arguments: marks)
  func badMarks(defect: Defect) throws { try Self.expectRefusal(defect) }

  // MARK: - References

  static let references: [Defect] = [
    .edit(
      "an unknown class", "students.csv", 2, "class_id",
      "unknown id 'c99': not in classes.csv nor in the store", "s1,c07b,", "s1,c99,"),
    .edit(
      "an unknown class of a lesson", "lessons.csv", 2, "class_id", "unknown id 'c08b'",
      "c07b,math,2026-11-23,", "c08b,math,2026-11-23,"),
    .edit(
      "an unknown student", "marks.csv", 2, "student_id",
      "unknown id 's9': not in students.csv nor in the store", "m1,s1,", "m1,s9,"),
    .edit(
      "an unknown student of a link", "student_guardians.csv", 7, "student_id",
      "unknown id 's6'", "s5,g6,", "s6,g6,"),
    .edit(
      "an unknown guardian", "student_guardians.csv", 2, "guardian_id",
      "unknown id 'g9': not in guardians.csv nor in the store", "s1,g1,", "s1,g9,"),
    .append(
      "an unknown guardian of a refusal", "registry.csv", 9, "guardian_id", "unknown id 'g9'",
      "r8,refusal,g9,s1,2026-10-01,вх. № 150"),
    .edit(
      "an unknown subject", "marks.csv", 2, "subject_id",
      "unknown id 'geo': not in subjects.csv nor in the store", "m1,s1,math,", "m1,s1,geo,"),
    .edit(
      "an unknown subject of attendance", "attendance.csv", 3, "subject_id",
      "unknown id 'bio'", "s2,rus,", "s2,bio,"),
    .edit(
      "an unknown kind of mark", "marks.csv", 2, "kind_id",
      "unknown id 'quiz': not in mark_kinds.csv nor in the store", "2026-11-23,oral,",
      "2026-11-23,quiz,"),
    .edit(
      "an unknown period", "final_marks.csv", 2, "period_id",
      "unknown id 'q9': not in periods.csv nor in the store", "s1,math,q1,", "s1,math,q9,"),
    .edit(
      "an unknown student of an exam", "exam_results.csv", 2, "student_id", "unknown id 's7'",
      "e1,s3,", "e1,s7,"),
  ]

  @Test("unknown ids, one per kind of reference", arguments: references)
  func unknownIDs(defect: Defect) throws { try Self.expectRefusal(defect) }

  // MARK: - Duplicate keys

  static let duplicates: [Defect] = [
    .append(
      "a mark id twice", "marks.csv", 8, "mark_id", "duplicate 'm1' (first at line 2)",
      "m1,s2,rus,2026-11-25,oral,4,,,,"),
    .append(
      "a student id twice", "students.csv", 7, "student_id", "duplicate 's3' (first at line 4)",
      "s3,c07b,Петров,Иван,,2013-01-01,no,"),
    .append(
      "a class id twice", "classes.csv", 5, "class_id", "duplicate 'c07b' (first at line 3)",
      "c07b,7В,7,Иванова Анна Петровна"),
    .append(
      "a guardian link twice (composite key)", "student_guardians.csv", 8, "guardian_id",
      "duplicate 's1, g1' (first at line 2)", "s1,g1,мать,"),
    .append(
      "attendance with an auto-numbered lesson, then the same lesson numbered",
      "attendance.csv", 7, "lesson_no", "duplicate 's1, math, 2026-11-24, 1' (first at line 2)",
      "s1,math,2026-11-24,1,б"),
    .append(
      "attendance numbered, then auto-numbered", "attendance.csv", 7, "lesson_no",
      "duplicate 's3, alg, 2026-11-23, 1' (first at line 4)", "s3,alg,2026-11-23,,н"),
    .append(
      "a lesson numbered as an auto-numbered one", "lessons.csv", 8, "lesson_no",
      "duplicate 'c09a, alg, 2026-11-23, 2' (first at line 6)", "c09a,alg,2026-11-23,2"),
    .append(
      "a final mark twice (composite key)", "final_marks.csv", 5, "period_id",
      "duplicate 's1, math, q1' (first at line 2)", "s1,math,q1,5,"),
    .append(
      "a holiday twice (composite key)", "holidays.csv", 4, "start", "(first at line 2)",
      "25.10.2026,4.11.2026,,Другие каникулы"),
    .append(
      "a document id twice", "registry.csv", 9, "doc_id", "duplicate 'r1' (first at line 2)",
      "r1,refusal,g1,s1,2026-09-02,вх. № 101"),
    .append(
      "a result id twice", "exam_results.csv", 3, "result_id", "duplicate 'e1' (first at line 2)",
      "e1,s5,Собеседование,2026-11-20,,зач,"),
  ]

  @Test("duplicate keys are reported at the later record", arguments: duplicates)
  func duplicateKeys(defect: Defect) throws { try Self.expectRefusal(defect) }

  @Test("a duplicate reads as §2 shows it")
  func duplicateWording() throws {
    let fixture = try ImportFixture()
    try fixture.append("marks.csv", "m1,s2,rus,2026-11-25,oral,4,,,,")
    let problems = try fixture.problems(importing: try fixture.makeStore())
    #expect(
      problems.map(\.description) == ["marks.csv:8: mark_id: duplicate 'm1' (first at line 2)"])
  }

  // MARK: - The id rule

  static let badIDs: [String] = [
    "a/b", "..", "a" + String(repeating: "b", count: 64), "-m6", "m 6",
  ]

  @Test("ids break the id rule", arguments: badIDs)
  func idRule(id: String) throws {
    try Self.expectRefusal(
      .edit("", "marks.csv", 7, "mark_id", "is not a valid id", "m6,s3,", "\(id),s3,"))
  }

  @Test(
    "ids the rule allows",
    arguments: ["7Б", "a" + String(repeating: "b", count: 63), "m.6_x-y", "Ёж"])
  func idsAllowed(id: String) throws {
    let fixture = try ImportFixture()
    try fixture.edit("marks.csv", "m6,s3,", "\(id),s3,")
    try fixture.importSet(into: try fixture.makeStore())
  }

  // MARK: - Registry (R1, R2)

  static let registry: [Defect] = [
    .append(
      "R1: an annulment with no refusal before it", "registry.csv", 9, "kind",
      "annulment with no refusal before it for guardian 'g5' and student 's4'",
      "r8,annulment,g5,s4,2026-10-01,вх. № 150"),
    .append(
      "R1: an annulment before the refusal it would annul", "registry.csv", 9, "kind",
      "annulment with no refusal before it for guardian 'g1' and student 's1'",
      "r8,annulment,g1,s1,2026-09-01,вх. № 150"),
    .append(
      "R1: a second annulment", "registry.csv", 9, "kind",
      "annulment after annulment 'r4' for guardian 'g3' and student 's2'",
      "r8,annulment,g3,s2,2026-10-15,вх. № 150"),
    .append(
      "R1: a refusal by someone who is not the student's guardian", "registry.csv", 9,
      "guardian_id", "'g1' is not a guardian of student 's2' on 2026-10-01",
      "r8,refusal,g1,s2,2026-10-01,вх. № 150"),
    Defect(
      "R1: a refusal by a guardian whose until has passed", "registry.csv", 9, "guardian_id",
      "'g5' is not a guardian of student 's4' on 2026-10-01"
    ) {
      try $0.edit("student_guardians.csv", "s4,g5,отец,", "s4,g5,отец,2026-10-01")
      try $0.append("registry.csv", "r8,refusal,g5,s4,2026-10-01,вх. № 150")
    },
    .append(
      "R2: a consent under 14", "registry.csv", 9, "student_id",
      "student 's1' (born 2013-03-14) is under 14 on 2027-03-13",
      "r8,student_consent,,s1,2027-03-13,вх. № 150"),
    .append(
      "R2: a consent without a passport", "registry.csv", 9, "student_id",
      "student 's1' has no passport", "r8,student_consent,,s1,2027-03-14,вх. № 150"),
    .append(
      "R2: a consent with no refusing guardian", "registry.csv", 9, "student_id",
      "no guardian of student 's5' receives paper on 2026-10-01",
      "r8,student_consent,,s5,2026-10-01,вх. № 150"),
    .append(
      "R2: a consent signed before the guardian's refusal", "registry.csv", 9, "student_id",
      "no guardian of student 's3' receives paper on 2026-09-04",
      "r8,student_consent,,s3,2026-09-04,вх. № 150"),
    .append(
      "R1: a new annulment that makes a stored annulment a second one", "registry.csv", 9, nil,
      "would make the stored annulment 'r4' of 2026-10-01 invalid",
      "r8,annulment,g3,s2,2026-09-15,вх. № 150"),
    .append(
      "R2: a new annulment that leaves a stored consent without a refusing guardian",
      "registry.csv", 9, nil, "would make the stored student_consent 'r7' of 2026-09-20 invalid",
      "r8,annulment,g4,s3,2026-09-10,вх. № 150"),
    .edit(
      "a stored document changed", "registry.csv", 2, "doc_id",
      "document 'r1' is already recorded with other content", "вх. № 101", "вх. № 909"),
  ]

  /// A full set imported again: the record that breaks a stored document is the one named,
  /// not the student's row that every full set has.
  static let people: [Defect] = [
    .edit(
      "a guardian's link ended before the refusal they signed", "student_guardians.csv", 3, nil,
      "would make the stored refusal 'r2' of 2026-09-03 invalid: 'g2' is not a guardian of "
        + "student 's1' on 2026-09-03", "s1,g2,отец,", "s1,g2,отец,2026-09-01"),
    .edit(
      "the refusing guardian's link ended before the consent", "student_guardians.csv", 5, nil,
      "would make the stored student_consent 'r7' of 2026-09-20 invalid: no guardian of "
        + "student 's3' receives paper on 2026-09-20", "s3,g4,мать,", "s3,g4,мать,2026-09-10"),
    .edit(
      "a corrected birth date makes a stored consent under 14", "students.csv", 4, nil,
      "would make the stored student_consent 'r7' of 2026-09-20 invalid: student 's3' "
        + "(born 2013-05-20) is under 14 on 2026-09-20", "2011-05-20", "2013-05-20"),
    .edit(
      "a student who left before the consent", "students.csv", 4, nil,
      "would make the stored student_consent 'r7' of 2026-09-20 invalid: no guardian",
      "2011-05-20,yes,", "2011-05-20,yes,2026-09-15"),
  ]

  @Test("a changed student or link that breaks a stored document (R1, R2)", arguments: people)
  func changedPeople(defect: Defect) throws { try Self.expectRefusal(defect) }

  @Test("registry documents (R1, R2) and their immutability", arguments: registry)
  func registryDocuments(defect: Defect) throws { try Self.expectRefusal(defect) }

  /// Born on 29 February: 14 from 1 March in a year without 29 February (R2).
  @Test(
    "a consent from a student born on 29 February",
    arguments: [("2026-02-28", false), ("2026-03-01", true)])
  func leapDayBirthday(signedOn: String, valid: Bool) throws {
    let fixture = try ImportFixture()
    let store = try fixture.makeStore()
    try fixture.importSet(into: store)
    let before = try snapshot(store)
    try fixture.edit("students.csv", "2011-05-20", "2012-02-29")
    try fixture.append("registry.csv", "r8,refusal,g4,s3,2026-02-02,вх. № 20")
    try fixture.append("registry.csv", "r9,student_consent,,s3,\(signedOn),вх. № 21")
    if valid {
      try fixture.importSet(into: store)
    } else {
      let problems = try fixture.problems(importing: store)
      #expect(
        problems.map(\.description) == [
          "registry.csv:10: student_id: student 's3' (born 2012-02-29) is under 14 on 2026-02-28"
        ])
      #expect(try snapshot(store) == before)
    }
  }

  @Test("a refusal signed the day before the guardian's until is valid")
  func refusalOnTheLastDay() throws {
    let fixture = try ImportFixture()
    let store = try fixture.makeStore()
    try fixture.importSet(into: store)
    try fixture.edit("student_guardians.csv", "s4,g5,отец,", "s4,g5,отец,2026-10-02")
    try fixture.append("registry.csv", "r8,refusal,g5,s4,2026-10-01,вх. № 150")
    try fixture.importSet(into: store)
  }

  @Test("a second refusal in a row is a warning, not an error")
  func secondRefusal() throws {
    let fixture = try ImportFixture()
    let store = try fixture.makeStore()
    try fixture.importSet(into: store)
    try fixture.append("registry.csv", "r8,refusal,g1,s1,2026-10-01,вх. № 150")
    let report = try fixture.importSet(into: store)
    #expect(report.warnings.count == 1)
    #expect(report.warnings.first?.hasPrefix("registry.csv:9: warning: a second refusal") == true)
  }

  // MARK: - Contacts (R7)

  static let contacts: [Defect] = [
    .edit(
      "R7: post without an address", "guardians.csv", 3, "delivery",
      "guardian 'g2' gets paper by post but has no documented address",
      "post,\"628680, г. Мегион, ул. Заречная, д. 5, кв. 12\",", "post,,"),
    .edit(
      "R7: post with an address from no document", "guardians.csv", 3, "delivery",
      "guardian 'g2' gets paper by post but has no documented address",
      "written,заявление", "none,заявление"),
    .edit(
      "R7: post without the document's name", "guardians.csv", 3, "delivery",
      "guardian 'g2' gets paper by post", ",written,заявление вх. № 57", ",written,"),
    .edit(
      "R7: a guardian switched to post with no contact at all", "guardians.csv", 2, "delivery",
      "guardian 'g1' gets paper by post", "Петровна,student,", "Петровна,post,"),
  ]

  @Test("post needs a documented address (R7)", arguments: contacts)
  func postalContacts(defect: Defect) throws { try Self.expectRefusal(defect) }

  // MARK: - Calendar

  static let calendar: [Defect] = [
    .edit(
      "a term that starts inside the one before", "periods.csv", 3, "start",
      "term 'q2' overlaps term 'q1' for grades 1-9", "q2,II четверть,2026-11-05",
      "q2,II четверть,2026-10-20"),
    .append(
      "a new term over a stored one for some grades", "periods.csv", 5, "start",
      "term 'q3' overlaps term 'q2' for grades 5-9",
      "q3,III четверть,2026-12-28,2027-03-20,term,5-11"),
  ]

  @Test("terms of one grade never overlap", arguments: calendar)
  func overlappingTerms(defect: Defect) throws { try Self.expectRefusal(defect) }

  @Test("terms of different grades may overlap; a year overlaps its terms")
  func termsOfOtherGrades() throws {
    let fixture = try ImportFixture()
    try fixture.append("periods.csv", "h1,I полугодие,2026-09-01,2026-12-28,term,10-11")
    try fixture.append("periods.csv", "y2,Год 10-11,2026-09-01,2027-05-26,year,10-11")
    try fixture.importSet(into: try fixture.makeStore())
  }

  // MARK: - school.toml

  static let school: [Defect] = [
    .edit(
      "thresholds that do not increase", "school.toml", 11, "grading.thresholds",
      "thresholds must increase with the mark (4 = 2.5)", "4 = 3.6", "4 = 2.5"),
    .edit(
      "thresholds missing a mark", "school.toml", 11, "grading.thresholds", "missing 4",
      "4 = 3.6, ", ""),
    .edit(
      "a threshold for a mark the scale lacks", "school.toml", 11, "grading.thresholds",
      "not a mark above the lowest: 6", "5 = 4.6 }", "5 = 4.6, 6 = 4.9 }"),
    .edit(
      "a threshold above the top mark", "school.toml", 11, "grading.thresholds",
      "threshold of 5 is 5.2: it must lie between 2 and 5", "5 = 4.6", "5 = 5.2"),
    .edit(
      "a threshold at the lowest mark", "school.toml", 11, "grading.thresholds",
      "threshold of 3 is 2: it must lie between 2 and 5", "3 = 2.6", "3 = 2"),
    .edit(
      "an unknown time zone", "school.toml", 5, "timezone",
      "'Asia/Megion' is not an IANA time zone", "Asia/Yekaterinburg", "Asia/Megion"),
    .edit(
      "a zone that is not an IANA name", "school.toml", 5, "timezone",
      "'GMT+5' is not an IANA time zone", "Asia/Yekaterinburg", "GMT+5"),
    .edit(
      "a missing key", "school.toml", 1, "short_name", "missing key",
      "short_name = \"Школа № 1\"\n", ""),
    .edit(
      "a missing grading key", "school.toml", 1, "grading.min_marks", "missing key",
      "min_marks = 3\n", ""),
    .edit(
      "an unknown key", "school.toml", 8, "colour", "unknown key", "\n\n[grading]",
      "\ncolour = \"red\"\n[grading]"),
    .edit(
      "an unknown grading key", "school.toml", 13, "grading.pass_mark", "unknown key",
      "min_marks = 3", "pass_mark = 3\nmin_marks = 3"),
    .edit(
      "an unknown study day", "school.toml", 6, "study_days", "'sab' is not one of mon",
      "\"fri\"]", "\"fri\", \"sab\"]"),
    .edit(
      "a share above 1", "school.toml", 14, "grading.max_absence_share", "must lie in [0, 1]",
      "max_absence_share = 0.5", "max_absence_share = 1.5"),
    .edit(
      "a negative min_marks", "school.toml", 13, "grading.min_marks", "expected an integer ≥ 0",
      "min_marks = 3", "min_marks = -1"),
    .edit(
      "a string where marks are expected", "school.toml", 10, "grading.marks",
      "expected a list of whole numbers", "marks = [2, 3, 4, 5]", "marks = \"2-5\""),
    .edit(
      "a bad paper_since", "school.toml", 7, "paper_since", "expected a date",
      "exported_on = 2026-11-27", "paper_since = \"1 сентября\""),
    .edit(
      "a syntax error", "school.toml", 3, nil, "unterminated string",
      "short_name = \"Школа № 1\"", "short_name = \"Школа № 1"),
    .edit(
      "a key twice", "school.toml", 6, nil, "duplicate key 'name' (first at line 2)",
      "study_days", "name = \"x\"\nstudy_days"),
  ]

  @Test("school.toml: each bad key at its line", arguments: school)
  func schoolSettings(defect: Defect) throws { try Self.expectRefusal(defect) }

  // MARK: - How many

  @Test("more than 50 errors: the first 50 are kept and all are counted")
  func fiftyErrors() throws {
    let fixture = try ImportFixture()
    let store = try fixture.makeStore()
    try fixture.importSet(into: store)
    let before = try snapshot(store)
    for n in 1...60 {
      try fixture.append("marks.csv", "x\(n),s1,math,2026-11-25,oral,9,,,,")
    }
    let (problems, total) = try fixture.refusal(importing: store)
    #expect(problems.count == 50)
    #expect(total == 60)
    #expect(problems.first?.line == 8)
    #expect(problems.last?.line == 57)
    let text = StoreError.importRejected(problems: problems, total: total).description
    let lines = text.split(separator: "\n")
    #expect(lines.count == 52)
    #expect(lines[50] == "… and 10 more errors")
    #expect(lines[51] == "import refused: 60 errors; nothing was written to the store")
    #expect(try snapshot(store) == before)
  }

  @Test("errors of several files come in import order, each file in line order")
  func severalFiles() throws {
    let fixture = try ImportFixture()
    try fixture.edit("marks.csv", "oral,5,,", "oral,6,,")
    try fixture.edit("students.csv", "2013-03-14,no,", "2013-03-14,nope,")
    try fixture.append("marks.csv", "m7,s1,math,2026-11-25,oral,0,,,,")
    let problems = try fixture.problems(importing: try fixture.makeStore())
    #expect(
      problems.map { "\($0.file):\($0.line)" } == [
        "students.csv:2", "marks.csv:2", "marks.csv:8",
      ])
  }
}
