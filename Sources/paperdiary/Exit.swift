import ArgumentParser
import Foundation
import PaperDiaryKit

/// Prints diagnostics on stderr, keeping stdout for results.
enum Console {
  static func error(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
  }

  /// A result line on stdout, written at once rather than when the process ends, for whoever
  /// reads it while the command goes on.
  static func result(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
  }

  /// Runs a workflow and turns its failure into one message on stderr and DESIGN's exit code.
  static func run<T>(_ body: () throws(PaperDiaryError) -> T) throws -> T {
    do {
      return try body()
    } catch {
      Console.error(error.description)
      throw ExitCode(error.exitCode)
    }
  }
}
