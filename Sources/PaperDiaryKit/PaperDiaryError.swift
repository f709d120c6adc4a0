import GradeStore

/// A failure of a workflow, with the exit code DESIGN §6 gives it.
public struct PaperDiaryError: Error, CustomStringConvertible, Sendable {
  public enum Kind: Sendable {
    /// Something could not be made (exit 1).
    case failure
    /// Bad input: data, documents, templates, a store with loose permissions (exit 2).
    case badInput
    /// Options that do not fit together, such as `--as-of` outside `--week` (exit 64).
    case usage
  }

  public let kind: Kind
  public let description: String

  public init(_ kind: Kind, _ description: String) {
    self.kind = kind
    self.description = description
  }

  public var exitCode: Int32 {
    switch kind {
    case .failure: return 1
    case .badInput: return 2
    case .usage: return 64
    }
  }

  /// Classifies a store error: a database failure is ours, everything else is the input's.
  public init(_ error: StoreError) {
    if case .database = error {
      self.init(.failure, error.description)
    } else {
      self.init(.badInput, error.description)
    }
  }
}
