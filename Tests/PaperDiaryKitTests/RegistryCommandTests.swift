import Foundation
import GradeStore
import Testing

@testable import PaperDiaryKit

/// `paperdiary registry`: the JSON that `list --json` prints (DESIGN §6: keys in its order,
/// Cyrillic as itself) and the built executable's exit codes: 0 recorded, 2 refused with one
/// line on stderr and the store unchanged, 64 bad usage.
@Suite("paperdiary registry")
struct RegistryCommandTests {
  /// A temporary folder holding a store with the GradeStore tests' good fixture imported.
  final class ImportedStore {
    let folder: URL
    let store: String

    init() throws {
      folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("paperdiary-registry-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      store = folder.appendingPathComponent("store.sqlite").path
      _ = try StoreWorkflows.initialize(store: store)
      _ = try StoreWorkflows.importSet(
        ImportCommandTests.packageRoot.appendingPathComponent("Tests/GradeStoreTests/Fixtures/good")
          .path, store: store, replace: false, operatorName: "test",
        now: Date(timeIntervalSince1970: 1_795_000_000))
    }

    deinit { try? FileManager.default.removeItem(at: folder) }
  }

  @Test("list --json: DESIGN's keys in order, null guardian for a consent, Cyrillic unescaped")
  func jsonShape() throws {
    let imported = try ImportedStore()
    let added = try RegistryWorkflows.add(
      store: imported.store, kind: "student-consent", student: "s3", guardian: nil,
      signedOn: "05.10.2026", document: "вх. № 130 \"Согласие\"", operatorName: "office",
      now: Date(timeIntervalSince1970: 1_795_000_000))
    #expect(added.warnings.isEmpty)
    #expect(
      added.line
        == "recorded local-1: student_consent by s3, signed 2026-10-05; s3 now has own access "
        + "to the e-diary, and paper still goes to the refusing guardian")

    let text = RegistryWorkflows.json(try RegistryWorkflows.list(store: imported.store))
    // The first object, keys in DESIGN's order, values as stored.
    let first = try #require(text.range(of: "}")).lowerBound
    let head = String(text[..<first])
    let expected = [
      #""doc_id": "r1""#, #""kind": "refusal""#, #""guardian_id": "g1""#,
      #""student_id": "s1""#, #""signed_on": "2026-09-02""#, #""document_ref": "вх. № 101""#,
      #""recorded_at": "2026-11-18T16:06:40+05:00""#, #""state": "paper""#,
    ]
    let positions = expected.map { head.range(of: $0)?.lowerBound }
    #expect(positions.allSatisfy { $0 != nil }, "\(head)")
    #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
    #expect(!text.contains("\\u"))
    #expect(text.contains(#""document_ref": "вх. № 130 \"Согласие\"""#))

    let array = try #require(
      try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    #expect(array.count == 8)
    let keys = [
      "doc_id", "kind", "guardian_id", "student_id", "signed_on", "document_ref", "recorded_at",
      "state",
    ]
    #expect(array.allSatisfy { Set($0.keys) == Set(keys) })
    // Registry order: the consent of 5 October comes before r5 of 2 November.
    #expect(array.map { $0["doc_id"] as? String }.suffix(2) == ["local-1", "r5"])
    let consent = try #require(array.first { $0["doc_id"] as? String == "local-1" })
    #expect(consent["doc_id"] as? String == "local-1")
    #expect(consent["kind"] as? String == "student_consent")
    #expect(consent["guardian_id"] is NSNull)
    #expect(consent["signed_on"] as? String == "2026-10-05")
    #expect(consent["state"] as? String == "valid")
    #expect(RegistryWorkflows.json([]) == "[]")
  }

  @Test("the table: a header and aligned rows, ids only")
  func table() throws {
    let imported = try ImportedStore()
    let lines = RegistryWorkflows.table(
      try RegistryWorkflows.list(store: imported.store, student: "s2"))
    #expect(lines.count == 4)
    #expect(lines[0].hasPrefix("doc_id  kind       guardian  student  signed_on   recorded_at"))
    #expect(lines[2].hasPrefix("r4      annulment  g3        s2       2026-10-01  2026-11-18T"))
    #expect(lines[2].hasSuffix("electronic  вх. № 140"))
  }

  @Test(
    "the executable: 0 recorded, 2 refused with one line and the store unchanged, 64 bad usage",
    .needsExecutable)
  func exitCodes() throws {
    let imported = try ImportedStore()
    let store = imported.store
    let run = ImportCommandTests.run

    let added = try run([
      "registry", "add", "--store", store, "--kind", "refusal", "--student", "s4",
      "--guardian", "g5", "--signed-on", "2026-10-01", "--document", "вх. № 150",
      "--operator", "test",
    ])
    #expect(added.status == 0, "\(added.stderr)")
    #expect(
      added.stdout
        == "recorded local-1: refusal by g5 for s4, signed 2026-10-01; s4 now gets paper\n"
    )
    #expect(added.stderr.isEmpty)

    let before = try ImportCommandTests.pages(store)
    let refused = try run([
      "registry", "add", "--store", store, "--kind", "annulment", "--student", "s2",
      "--guardian", "g3", "--signed-on", "15.09.2026", "--document", "вх. № 151",
    ])
    #expect(refused.status == 2)
    #expect(refused.stdout.isEmpty)
    #expect(refused.stderr.split(separator: "\n").count == 1)
    #expect(
      refused.stderr.hasPrefix(
        "registry: annulment by 'g3' for 's2' signed 2026-09-15 refused: it would make the "
          + "stored annulment 'r4' of 2026-10-01 invalid"))
    #expect(try ImportCommandTests.pages(store) == before)

    let usage = try run([
      "registry", "add", "--store", store, "--kind", "refusal", "--student", "s4",
      "--signed-on", "2026-10-01", "--document", "вх. № 152",
    ])
    #expect(usage.status == 64)
    #expect(usage.stderr.contains("--guardian is required for a refusal"))
    #expect(try ImportCommandTests.pages(store) == before)

    let listed = try run(["registry", "list", "--store", store, "--student", "s4", "--json"])
    #expect(listed.status == 0, "\(listed.stderr)")
    #expect(
      listed.stdout.contains(
        #""doc_id": "local-1",\#n    "kind": "refusal",\#n    "guardian_id": "g5","#))
  }
}
