import DiaryRules
import Foundation
import GRDB
import Testing

@testable import GradeStore

/// A guardian's delivery that the schema forbids can only come from a store changed outside
/// PaperDiary; every reader refuses it with the same line instead of guessing.
@Suite("A delivery the schema forbids")
struct StoredDeliveryTests {
  @Test("recipients, a class's issues and a form's parties refuse it, naming the guardian")
  func refusedEverywhere() throws {
    let imported = try IssuingTests.Imported()
    let store = imported.store
    let day = try #require(LocalDate(iso: "2026-11-27"))
    let w48 = try IssuingTests.week("2026-W48")
    let recipient = try #require(try store.recipients(on: day).first)
    try store.recordIssues([
      try imported.issue(
        .weekly(guardian: recipient.guardian, student: recipient.student, week: w48),
        classID: recipient.classID)
    ])
    #expect(try store.classIssues(week: w48, classID: recipient.classID).count == 1)

    try DatabaseQueue(path: store.path).write { db in
      try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
      try db.execute(
        sql: "UPDATE guardians SET delivery = 'pigeon' WHERE guardian_id = ?",
        arguments: [recipient.guardian.rawValue])
    }

    let expected =
      "reading guardian '\(recipient.guardian)': delivery 'pigeon' is none of 'student', "
      + "'in_person', 'post'; the store was changed outside PaperDiary: import the school's "
      + "export again"
    for read in [
      { _ = try store.recipients(on: day) },
      { _ = try store.classIssues(week: w48, classID: recipient.classID) },
      { _ = try store.formParties(student: recipient.student) },
    ] as [() throws -> Void] {
      let error = try #require(throws: StoreError.self) { try read() }
      #expect(error.description == "grade store: \(expected)")
    }
  }
}
