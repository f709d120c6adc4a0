import Foundation
import Testing

/// An import set imported by the real executable into a store in a new 0700 folder, removed
/// with the value; for tests that run `paperdiary` as the office does. The set is the bundled
/// `Samples/`, or one `paperdiary sample` writes into the folder.
final class SampleOnDisk {
  let folder: URL
  let store: String
  let out: String
  /// The import set the store holds (or, when not imported, is meant to hold).
  let set: URL

  /// `Samples/` imported into a new store.
  convenience init(prefix: String) throws {
    try self.init(prefix: prefix, generated: nil)
  }

  /// `generated` written into `<folder>/set` (`Samples/` when nil) and, unless `imported` is
  /// false, imported into the store; otherwise the store is left as `paperdiary init` made it.
  init(prefix: String, generated: GeneratedSet?, imported: Bool = true) throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(
      at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    store = folder.appendingPathComponent("grades.sqlite").path
    out = folder.appendingPathComponent("out").path
    set =
      generated == nil
      ? ImportCommandTests.packageRoot.appendingPathComponent("Samples")
      : folder.appendingPathComponent("set")
    // Every property is set, so a throw from here on still removes the folder in `deinit`.
    try generated?.write(to: set)
    let created = try ImportCommandTests.run(["init", "--store", store])
    #expect(created.status == 0, "\(created.stderr)")
    guard imported else { return }
    let imported = try ImportCommandTests.run(["import", set.path, "--store", store])
    #expect(imported.status == 0, "\(imported.stderr)")
  }

  deinit { try? FileManager.default.removeItem(at: folder) }
}
