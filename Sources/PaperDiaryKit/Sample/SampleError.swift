/// Why `paperdiary sample` could not write its import set, phrased so that the message alone
/// tells the office what to change.
public enum SampleError: Error, Sendable, Hashable, CustomStringConvertible {
  /// An option out of range: which one, the value given and what is accepted.
  case invalidOption(name: String, value: String, expected: String)
  /// The output folder already holds files; the sample never mixes with or overwrites data.
  case directoryNotEmpty(path: String)
  /// The output path exists but is not a folder.
  case notADirectory(path: String)
  /// A system call failed: what was being done, on which path, and `errno`'s text.
  case io(operation: String, path: String, reason: String)

  public var description: String {
    switch self {
    case .invalidOption(let name, let value, let expected):
      return "sample: \(name): '\(value)' is not accepted; expected \(expected)"
    case .directoryNotEmpty(let path):
      return "sample: output folder '\(path)' is not empty; choose a new or empty folder"
    case .notADirectory(let path):
      return "sample: output path '\(path)' exists and is not a folder"
    case .io(let operation, let path, let reason):
      return "sample: cannot \(operation) '\(path)': \(reason)"
    }
  }
}
