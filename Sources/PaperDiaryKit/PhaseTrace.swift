import Foundation

/// Where a run's time and memory go, phase by phase: one stderr line a phase when
/// `PAPERDIARY_TRACE` is set (BENCHMARKS.md's profiles use it), nothing otherwise.
///
/// Phases are named by string literals only, so no id, name or path can reach the trace.
struct PhaseTrace {
  static let enabled = getenv("PAPERDIARY_TRACE") != nil

  private let command: StaticString
  private var last: Double

  init(_ command: StaticString) {
    self.command = command
    last = Self.milliseconds()
  }

  /// Ends a phase: its wall time, and the process's resident and peak memory so far.
  mutating func mark(_ phase: StaticString) {
    guard Self.enabled else { return }
    let now = Self.milliseconds()
    let memory = Self.memory()
    let line =
      "trace \(command): \(phase) \(String(format: "%.1f", now - last)) ms, "
      + "RSS \(memory.resident / 1024) MiB, peak \(memory.peak / 1024) MiB\n"
    last = now
    FileHandle.standardError.write(Data(line.utf8))
  }

  private static func milliseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1_000_000
  }

  /// VmRSS and VmHWM of /proc/self/status, in KiB.
  private static func memory() -> (resident: Int, peak: Int) {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
      return (0, 0)
    }
    func field(_ name: String) -> Int {
      guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name) }) else {
        return 0
      }
      return Int(
        line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        ?? 0
    }
    return (field("VmRSS:"), field("VmHWM:"))
  }
}
