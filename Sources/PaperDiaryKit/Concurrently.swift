import Foundation

/// Independent pieces of work run at once, each on its own thread (this one among them).
enum Concurrently {
  /// Runs every piece and waits for all; throws the error of the first piece that failed, in
  /// the order given, once all have ended.
  static func run(_ pieces: [@Sendable () throws -> Void]) throws(PaperDiaryError) {
    let errors = Errors(count: pieces.count)
    DispatchQueue.concurrentPerform(iterations: pieces.count) { index in
      do {
        try pieces[index]()
      } catch {
        errors.record(index, error as? PaperDiaryError ?? PaperDiaryError(.failure, "\(error)"))
      }
    }
    if let error = errors.first { throw error }
  }

  private final class Errors: @unchecked Sendable {
    // @unchecked: every access goes through `lock`.
    private let lock = NSLock()
    private var errors: [PaperDiaryError?]

    init(count: Int) { errors = Array(repeating: nil, count: count) }

    func record(_ index: Int, _ error: PaperDiaryError) {
      lock.lock()
      errors[index] = error
      lock.unlock()
    }

    var first: PaperDiaryError? {
      lock.lock()
      defer { lock.unlock() }
      return errors.lazy.compactMap { $0 }.first
    }
  }
}
