import DiaryRules
import Foundation
import GradeStore
import SheetRendering

/// The print files of classes whose sheets are all committed, joined while the batch's last
/// sheets are still being drawn and committed: a drawing thread that has no sheet left takes
/// them instead of waiting for the other threads and the last commit.
///
/// What it writes is a head start, not a record. Its files are unsynced and nothing of them is
/// recorded; `WeekAssembly.rebuildClassFiles` keeps a print file joined here only if the
/// class's sheets are still the ones it was joined from (the digest kept here), and then syncs
/// and records it with the rest. A class that a later commit changed, or that could not be
/// joined here, is joined again there, which reports why it cannot be; a run killed meanwhile
/// leaves files that no digest vouches for, which the next run joins again.
///
/// Registers are left to `rebuildClassFiles`, which draws many into one PDF.
final class PrintFilesAhead: @unchecked Sendable {
  // @unchecked: `ready`, `closed` and `joined` are read and changed under `condition` only;
  // the rest is set once.
  private let condition = NSCondition()
  private let assembly: WeekAssembly
  private let numbers: [ClassID: Int]
  private var ready: [ClassID] = []
  private var closed = false
  private var joined: [ClassID: String] = [:]

  /// `numbers` are the print files' numbers (`GradeStore.classFileNumbers`) of the classes the
  /// run issues to; a class without one is left to `rebuildClassFiles`.
  init(assembly: WeekAssembly, numbers: [ClassID: Int]) {
    self.assembly = assembly
    self.numbers = numbers
  }

  /// The committing thread: this run's last sheet of `classID` is committed.
  func committed(_ classID: ClassID) {
    guard numbers[classID] != nil else { return }
    condition.lock()
    ready.append(classID)
    condition.broadcast()
    condition.unlock()
  }

  /// The run's sheets are all committed, or it failed: the threads finish the file they are
  /// joining and join no more; `rebuildClassFiles` takes the rest, on every thread.
  func close() {
    condition.lock()
    closed = true
    condition.broadcast()
    condition.unlock()
  }

  /// The digest of the sheets each class's print file was joined from.
  var digests: [ClassID: String] {
    condition.lock()
    defer { condition.unlock() }
    return joined
  }

  /// A drawing thread with no sheet left: joins the print files of ready classes one at a time,
  /// waiting for more, until the line is closed.
  func work(renderer: DocumentRenderer) {
    var blank = WeekAssembly.BlankPage()
    while let classID = take() {
      guard let number = numbers[classID],
        let sheets = try? assembly.currentIssues(of: classID),
        (try? assembly.writePrintFile(sheets, number: number, renderer: renderer, blank: &blank))
          != nil
      else { continue }
      let digest = assembly.digest(sheets)
      condition.lock()
      joined[classID] = digest
      condition.unlock()
    }
  }

  /// The next ready class, waiting for one; nil once the line is closed.
  private func take() -> ClassID? {
    condition.lock()
    defer { condition.unlock() }
    while ready.isEmpty, !closed { condition.wait() }
    return closed ? nil : ready.removeFirst()
  }
}
