import Foundation
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
  /// The system's error code when a system call failed (`errno`), so a caller can tell a full
  /// or read-only disk, which stops a batch, from a failure of one file.
  public let systemCode: Int32?

  public init(_ kind: Kind, _ description: String) {
    self.kind = kind
    self.description = description
    self.systemCode = nil
  }

  /// `<path>: <action>: <system's words>[: what to do]`, an exit-1 failure of the disk rather
  /// than of the input; a full or read-only disk says what to do about it.
  public static func system(_ path: String, _ action: String, code: Int32 = errno)
    -> PaperDiaryError
  {
    var text = "\(path): \(action): \(String(cString: strerror(code)))"
    switch code {
    case ENOSPC, EDQUOT: text += ": free space on that disk and run the command again"
    case EROFS: text += ": the disk is read-only; choose a writable --out folder"
    default: break
    }
    return PaperDiaryError(kind: .failure, description: text, systemCode: code)
  }

  private init(kind: Kind, description: String, systemCode: Int32?) {
    self.kind = kind
    self.description = description
    self.systemCode = systemCode
  }

  /// A full or read-only disk: every further file would fail the same way.
  public var isDiskUnusable: Bool {
    guard let systemCode else { return false }
    return systemCode == ENOSPC || systemCode == EDQUOT || systemCode == EROFS
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
