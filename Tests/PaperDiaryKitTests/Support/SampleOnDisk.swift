import Foundation
import Testing

/// The bundled sample imported by the real executable into a store in a new 0700 folder,
/// removed with the value; for tests that run `paperdiary` as the office does.
final class SampleOnDisk {
  let folder: URL
  let store: String
  let out: String

  init(prefix: String) throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(
      at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    store = folder.appendingPathComponent("grades.sqlite").path
    out = folder.appendingPathComponent("out").path
    #expect(try ImportCommandTests.run(["init", "--store", store]).status == 0)
    let samples = ImportCommandTests.packageRoot.appendingPathComponent("Samples").path
    #expect(try ImportCommandTests.run(["import", samples, "--store", store]).status == 0)
  }

  deinit { try? FileManager.default.removeItem(at: folder) }
}
