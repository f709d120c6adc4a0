import Foundation

/// What a finished external program left behind: its exit status and what it wrote.
struct ToolOutput: Sendable, Hashable {
  let status: Int32
  let stdout: String
  let stderr: String

  var succeeded: Bool { status == 0 }

  /// stderr on one line, for an error message that must stay one line (DESIGN §6).
  var stderrLine: String {
    stderr.split(whereSeparator: \.isNewline)
      .map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }
      .joined(separator: " ")
  }
}
