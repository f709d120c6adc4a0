import Foundation

/// Finds the bundled sample import set (`Samples/` at the top of the repository).
enum SampleLocation {
  /// `$PAPERDIARY_SAMPLES`, else `./Samples`, else the `Samples/` folder above the executable
  /// (`.build/debug/paperdiary` lives three levels below the repository's top).
  static func find(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
    var candidates: [URL] = []
    if let path = environment["PAPERDIARY_SAMPLES"] {
      candidates.append(URL(fileURLWithPath: path))
    }
    candidates.append(
      URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(
        "Samples"))
    var folder = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
      .deletingLastPathComponent()
    for _ in 0..<6 {
      candidates.append(folder.appendingPathComponent("Samples"))
      folder = folder.deletingLastPathComponent()
    }
    return candidates.first {
      FileManager.default.fileExists(atPath: $0.appendingPathComponent("school.toml").path)
    }
  }
}
