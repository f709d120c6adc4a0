import Foundation

/// A program found on the `PATH` of a given environment and run with an argument array, never
/// through a shell, so a title or file name is passed as it is.
struct ExternalTool: Sendable {
  /// Why a program did not run at all.
  enum LaunchError: Error, Sendable {
    /// No executable of that name on `PATH`.
    case notFound
    /// It was found but could not be started; the reason as Foundation gave it.
    case cannotStart(path: String, reason: String)
  }

  let name: String
  let environment: [String: String]

  /// The first executable called `name` on the environment's `PATH` (the usual system folders
  /// when `PATH` is unset).
  var location: URL? {
    let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for folder in path.split(separator: ":", omittingEmptySubsequences: true) {
      let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    return nil
  }

  /// Runs the program to its end. stdout and stderr are read at the same time, so neither pipe
  /// can fill up and stall the child.
  func run(_ arguments: [String]) throws(LaunchError) -> ToolOutput {
    guard let executable = location else { throw .notFound }
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.environment = environment
    process.standardInput = FileHandle.nullDevice
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    do {
      try process.run()
    } catch {
      throw .cannotStart(path: executable.path, reason: error.localizedDescription)
    }
    let errorText = PipeReader(err.fileHandleForReading)
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = errorText.wait()
    process.waitUntilExit()
    // The program names itself by the path it was started with (`/usr/bin/lp: Error - …`);
    // messages read better with the name a user types.
    let stderr = String(decoding: errData, as: UTF8.self)
      .replacingOccurrences(of: executable.path + ":", with: name + ":")
    return ToolOutput(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: stderr)
  }
}

/// Drains one pipe on another thread while the caller drains the other.
///
/// `@unchecked Sendable`: `data` is written once by the reading thread before it signals
/// `done`, and read only after `wait()` has seen that signal.
private final class PipeReader: @unchecked Sendable {
  private var data = Data()
  private let done = DispatchSemaphore(value: 0)

  init(_ handle: FileHandle) {
    Thread.detachNewThread { [self] in
      data = handle.readDataToEndOfFile()
      done.signal()
    }
  }

  func wait() -> Data {
    done.wait()
    return data
  }
}
