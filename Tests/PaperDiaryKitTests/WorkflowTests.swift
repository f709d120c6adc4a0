import DiaryRules
import Foundation
import GradeStore
import Testing

@testable import PaperDiaryKit

@Suite("Workflows on the bundled sample and on generated sets")
struct WorkflowTests {
  static let repository = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// A folder in the system's temporary directory, removed when the test ends.
  final class Scratch {
    let url: URL
    init() throws {
      url = try OutputFolder.makeTemporary(prefix: "paperdiary-workflow-test")
    }
    deinit { try? FileManager.default.removeItem(at: url) }
  }

  static func mode(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.posixPermissions] as? Int ?? -1) & 0o777
  }

  @Test func samplesAreWhatTheReadmeCommandWrites() throws {
    let scratch = try Scratch()
    let out = scratch.url.appendingPathComponent("set")
    _ = try SampleWorkflow.run(
      students: 300, seed: 2026, optOutShare: 0.12, out: out.path, today: "2026-11-27")
    let samples = Self.repository.appendingPathComponent("Samples")
    let written = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
    #expect(written.contains("marks.csv"))
    for name in written {
      let fresh = try Data(contentsOf: out.appendingPathComponent(name))
      let committed = try Data(contentsOf: samples.appendingPathComponent(name))
      #expect(fresh == committed, "Samples/\(name) differs from what `sample` writes now")
    }
  }

  @Test func demoImportsTheSampleAndFindsTheWeeksRecipients() throws {
    let result = try DemoWorkflow.run()
    defer { try? FileManager.default.removeItem(atPath: result.folder) }
    #expect(result.week.description == "2026-W48")
    #expect(result.asOf.iso == "2026-11-27")
    #expect(!result.recipients.isEmpty)
    #expect(try Self.mode(result.folder) == 0o700)
    #expect(try Self.mode(result.store) == 0o600)
    // Print order (R10): grades never go backwards.
    let grades = result.recipients.map(\.grade)
    #expect(grades == grades.sorted())
    // Every listed pair is a recipient per the registry: a refusal stands for it.
    let csv = try String(
      contentsOf: Self.repository.appendingPathComponent("Samples/registry.csv"), encoding: .utf8)
    for recipient in result.recipients {
      #expect(csv.contains(",refusal,\(recipient.guardian),\(recipient.student),"))
    }
  }

  @Test(arguments: [(120, UInt64(1), 0.3), (60, UInt64(99), 1.0)])
  func generatedSetsImportCleanly(students: Int, seed: UInt64, share: Double) throws {
    let scratch = try Scratch()
    let out = scratch.url.appendingPathComponent("set")
    let summary = try SampleWorkflow.run(
      students: students, seed: seed, optOutShare: share, out: out.path, today: "2027-02-10")
    let store = scratch.url.appendingPathComponent("grades.sqlite").path
    _ = try StoreWorkflows.initialize(store: store)
    let imported = try StoreWorkflows.importSet(out.path, store: store, replace: false)
    #expect(
      imported.lines.contains { $0.hasPrefix("marks.csv: \(summary.rows(in: "marks.csv")) rows") })
    let day = try #require(LocalDate(iso: "2027-02-10"))
    let recipients = try GradeStore(path: store).recipients(on: day)
    #expect(Set(recipients.map(\.student)).count == summary.studentsWithRecipient)
  }

  @Test func initTwiceKeepsTheStore() throws {
    let scratch = try Scratch()
    let store = scratch.url.appendingPathComponent("grades.sqlite").path
    #expect(try StoreWorkflows.initialize(store: store).contains("created"))
    #expect(try StoreWorkflows.initialize(store: store).contains("up to date"))
    #expect(try Self.mode(store) == 0o600)
  }
}

@Suite("sample: exit codes")
struct SampleExitCodeTests {
  @Test func aBadOptionIsBadInputAndAWriteFailureIsAFailure() throws {
    let scratch = try WorkflowTests.Scratch()
    #expect {
      try SampleWorkflow.run(
        students: 0, seed: 1, optOutShare: 0.1, out: scratch.url.appendingPathComponent("a").path,
        today: "2026-11-27")
    } throws: { ($0 as? PaperDiaryError)?.exitCode == 2 }
    #expect {
      try SampleWorkflow.run(
        students: 10, seed: 1, optOutShare: 0.1, out: "/proc/paperdiary-sample", today: "2026-11-27"
      )
    } throws: { ($0 as? PaperDiaryError)?.exitCode == 1 }
  }
}
