import Foundation

/// Hands batches of checked rows from the thread that reads and checks a file to the thread
/// that writes them, at most `capacity` batches ahead so that memory stays bounded.
///
/// `@unchecked Sendable`: every stored property is read and written only while `condition` is
/// locked.
final class BatchChannel<Row>: @unchecked Sendable {
  private let condition = NSCondition()
  private var batches: [[Row]] = []
  private var finished = false
  private var cancelled = false
  private let capacity: Int

  init(capacity: Int = 4) { self.capacity = capacity }

  /// Waits for room, then queues `batch`; false when the reader has given up.
  func send(_ batch: [Row]) -> Bool {
    condition.lock()
    defer { condition.unlock() }
    while batches.count >= capacity && !cancelled { condition.wait() }
    guard !cancelled else { return false }
    batches.append(batch)
    condition.broadcast()
    return true
  }

  /// No more batches will come.
  func finish() {
    condition.lock()
    finished = true
    condition.broadcast()
    condition.unlock()
  }

  /// The next batch, waiting for it; nil once the sender has finished and all were taken.
  func receive() -> [Row]? {
    condition.lock()
    defer { condition.unlock() }
    while batches.isEmpty && !finished { condition.wait() }
    guard !batches.isEmpty else { return nil }
    let batch = batches.removeFirst()
    condition.broadcast()
    return batch
  }

  /// The writer failed: the sender stops at its next batch.
  func cancel() {
    condition.lock()
    cancelled = true
    batches.removeAll()
    condition.broadcast()
    condition.unlock()
  }
}
