import Foundation

/// What `make fuzz` kept under Tests/FuzzRegressions: the inputs worth replaying for each fuzz
/// target (`csv`, `template`) and the crash artifacts under `crashes/<target>`.
public enum FuzzRegressionInputs {
  public static let folder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("FuzzRegressions")

  /// Paths under `folder` of the kept inputs for `target`, sorted.
  public static func paths(_ target: String) -> [String] {
    ["\(target)", "crashes/\(target)"].flatMap { subfolder -> [String] in
      let url = folder.appendingPathComponent(subfolder)
      let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
      return names.filter { !$0.hasPrefix(".") }.map { "\(subfolder)/\($0)" }
    }.sorted()
  }

  /// The bytes of a kept input, by its path under `folder`.
  public static func bytes(_ path: String) throws -> [UInt8] {
    try Array(Data(contentsOf: folder.appendingPathComponent(path)))
  }
}
