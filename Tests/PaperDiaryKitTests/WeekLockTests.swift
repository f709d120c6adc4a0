import Dispatch
import Foundation
import Testing

@testable import PaperDiaryKit

/// The week's lock (§5): a second run waits, says so once, and goes on when the first is done.
/// flock belongs to an open file description, so two opens in one process exclude each other.
@Suite("The week lock")
struct WeekLockTests {
  /// What the waiting thread reports; the lock is Sendable through its own NSLock.
  final class Log: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
  }

  /// A second run on a thread of its own: it takes a lock with `take`, logging what it is told
  /// while it waits, then logs what `whenHeld` says of the lock and releases it.
  final class Contender: Sendable {
    let log = Log()
    /// Signalled when the run says it waits (or fails).
    let waiting = DispatchSemaphore(value: 0)
    /// Signalled when the run is done with the lock.
    let acquired = DispatchSemaphore(value: 0)

    init(
      take: @escaping @Sendable (_ onWait: (String) -> Void) throws -> WeekLock,
      whenHeld: @escaping @Sendable (WeekLock) -> [String]
    ) {
      let (log, waiting, acquired) = (log, waiting, acquired)
      Thread {
        do {
          let lock = try take { message in
            log.append(message)
            waiting.signal()
          }
          for line in whenHeld(lock) { log.append(line) }
          lock.release()
        } catch {
          log.append("error: \(error)")
          waiting.signal()
        }
        acquired.signal()
      }.start()
    }
  }

  @Test func aSecondRunWaitsForTheFirst() throws {
    let out = try OutputFolder.makeTemporary(prefix: "paperdiary-lock-test")
    defer { try? FileManager.default.removeItem(at: out) }
    let week = out.appendingPathComponent("2026-W48")
    let first = try WeekLock.acquire(folder: week) { _ in Issue.record("the first run waited") }
    let attributes = try FileManager.default.attributesOfItem(atPath: first.path)
    #expect((attributes[.posixPermissions] as? Int ?? 0) & 0o777 == 0o600)

    let second = Contender {
      try WeekLock.acquire(folder: week, onWait: $0)
    } whenHeld: { _ in
      ["acquired"]
    }
    #expect(second.waiting.wait(timeout: .now() + 10) == .success)
    #expect(second.acquired.wait(timeout: .now() + 0.3) == .timedOut)
    #expect(second.log.all.count == 1)
    first.release()
    #expect(second.acquired.wait(timeout: .now() + 10) == .success)
    #expect(
      second.log.all == [
        "another paperdiary run holds 2026-W48 (\(week.path)/.lock); waiting for it to finish",
        "acquired",
      ])
    // Released both ways: a third run takes it at once.
    let third = try WeekLock.acquire(folder: week) { _ in Issue.record("the third run waited") }
    third.release()
    third.release()
  }

  /// A run that made the week's folder and left it empty takes it away, lock file first, while
  /// holding the lock (`HeldWeekFolder`): a run that waited makes the folder and its lock again.
  @Test func aRunWaitingOnAFolderTakenAwayMakesItAgain() throws {
    let out = try OutputFolder.makeTemporary(prefix: "paperdiary-lock-test")
    defer { try? FileManager.default.removeItem(at: out) }
    let week = out.appendingPathComponent("2026-W48")
    let first = try WeekLock.acquire(folder: week) { _ in Issue.record("the first run waited") }
    let second = Contender {
      try WeekLock.acquire(folder: week, onWait: $0)
    } whenHeld: { lock in
      [FileManager.default.fileExists(atPath: lock.path) ? "lock file present" : "gone"]
    }
    #expect(second.waiting.wait(timeout: .now() + 10) == .success)
    #expect(unlink(first.path) == 0)
    #expect(rmdir(week.path) == 0)
    first.release()
    #expect(second.acquired.wait(timeout: .now() + 10) == .success)
    #expect(second.log.all.last == "lock file present")
  }

  /// The store's lock on a week lives beside the store while held and goes with its release.
  /// A run that waited on a file its holder removed takes the new one, and a path that reaches
  /// the store through a link is the same lock; another week is another lock.
  @Test func theStoresLockOnAWeekKeepsRunsOfTheWeekApart() throws {
    let folder = try OutputFolder.makeTemporary(prefix: "paperdiary-lock-test")
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = folder.appendingPathComponent("grades.sqlite").path
    #expect(FileManager.default.createFile(atPath: store, contents: Data()))
    let link = folder.appendingPathComponent("link.sqlite").path
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: store)
    let first = try WeekLock.acquire(store: store, scope: "2026-W48") { _ in
      Issue.record("the first run waited")
    }
    #expect(first.path == store + ".2026-W48.lock")
    let attributes = try FileManager.default.attributesOfItem(atPath: first.path)
    #expect((attributes[.posixPermissions] as? Int ?? 0) & 0o777 == 0o600)
    let other = try WeekLock.acquire(store: store, scope: "2026-W49") { _ in
      Issue.record("a run of another week waited")
    }
    other.release()

    let second = Contender {
      try WeekLock.acquire(store: link, scope: "2026-W48", onWait: $0)
    } whenHeld: { lock in
      // Held: the path now names the file this run locked.
      [
        "acquired \(lock.path)",
        FileManager.default.fileExists(atPath: lock.path) ? "present" : "gone",
      ]
    }
    #expect(second.waiting.wait(timeout: .now() + 10) == .success)
    #expect(second.acquired.wait(timeout: .now() + 0.3) == .timedOut)
    first.release()
    #expect(second.acquired.wait(timeout: .now() + 10) == .success)
    #expect(
      second.log.all == [
        "another paperdiary run is issuing 2026-W48 from this store (\(link)); "
          + "waiting for it to finish",
        "acquired \(store).2026-W48.lock",
        "present",
      ])
    let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    #expect(left == ["grades.sqlite", "link.sqlite"], "the store's folder keeps \(left)")
  }

  /// The store's lock on its data: runs that issue share it; a change of the data waits for
  /// all of them, saying so, and a run that issues waits for the change. The file goes with
  /// its last holder.
  @Test func theStoresDataLockIsSharedByIssuingRunsAndHeldAloneByAChange() throws {
    let folder = try OutputFolder.makeTemporary(prefix: "paperdiary-lock-test")
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = folder.appendingPathComponent("grades.sqlite").path
    #expect(FileManager.default.createFile(atPath: store, contents: Data()))
    let issuing = try (0..<2).map { _ in
      try WeekLock.acquireData(store: store, changing: false) { _ in
        Issue.record("a run that issues waited for another")
      }
    }
    #expect(issuing[0].path == store + ".data.lock")

    let change = Contender {
      try WeekLock.acquireData(store: store, changing: true, onWait: $0)
    } whenHeld: { lock in
      ["changing under \(lock.path)"]
    }
    #expect(change.waiting.wait(timeout: .now() + 10) == .success)
    issuing[0].release()
    #expect(FileManager.default.fileExists(atPath: store + ".data.lock"), "went with a holder left")
    #expect(change.acquired.wait(timeout: .now() + 0.3) == .timedOut)
    issuing[1].release()
    #expect(change.acquired.wait(timeout: .now() + 10) == .success)
    #expect(
      change.log.all == [
        "another paperdiary run is using this store (\(store)); "
          + "waiting for it to finish before changing it",
        "changing under \(store).data.lock",
      ])

    let changing = try WeekLock.acquireData(store: store, changing: true) { _ in }
    let batch = Contender {
      try WeekLock.acquireData(store: store, changing: false, onWait: $0)
    } whenHeld: { _ in
      ["issuing"]
    }
    #expect(batch.waiting.wait(timeout: .now() + 10) == .success)
    #expect(batch.acquired.wait(timeout: .now() + 0.3) == .timedOut)
    changing.release()
    #expect(batch.acquired.wait(timeout: .now() + 10) == .success)
    #expect(
      batch.log.all == [
        "this store (\(store)) is being changed by an import or a registry entry; "
          + "waiting for it to finish",
        "issuing",
      ])
    let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
    #expect(left == ["grades.sqlite"], "the store's folder keeps \(left)")
  }
}
