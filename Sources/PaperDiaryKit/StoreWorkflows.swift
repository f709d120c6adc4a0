import DiaryRules
import Foundation
import GradeStore

/// The office's store workflows: create a store, import an e-journal export.
public enum StoreWorkflows {
  /// Creates an empty grade store with mode 0600; an existing store is only brought up to date.
  public static func initialize(store path: String) throws(PaperDiaryError) -> String {
    let existed = FileManager.default.fileExists(atPath: path)
    do {
      let store = try GradeStore.create(path: path)
      return existed
        ? "\(store.path): already a grade store; schema is up to date"
        : "\(store.path): empty grade store created (mode 0600)"
    } catch {
      throw PaperDiaryError(error)
    }
  }

  /// What an import says: lines for stdout, warnings for stderr.
  public struct ImportSummary: Sendable {
    public let lines: [String]
    public let warnings: [String]
  }

  /// Imports an import set into an existing store, under the store's lock on its data, alone:
  /// it waits for runs that are issuing (saying so through `onWait`), and they wait for it.
  public static func importSet(
    _ directory: String, store path: String, replace: Bool, operatorName: String? = nil,
    now: Date = Date(), onWait: (String) -> Void = { _ in }
  ) throws(PaperDiaryError) -> ImportSummary {
    let (store, lock) = try OpenStore.forChanging(path, onWait: onWait)
    defer { lock.release() }
    do {
      let report = try store.importSet(
        at: URL(fileURLWithPath: directory), replace: replace,
        operatorName: operatorName ?? OperatorName.current(), now: now)
      return ImportSummary(lines: report.lines, warnings: report.warnings)
    } catch {
      throw PaperDiaryError(error)
    }
  }
}
