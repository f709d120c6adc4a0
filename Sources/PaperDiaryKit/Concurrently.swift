import Foundation

/// Independent pieces of work run at once, each on its own thread (this one among them).
enum Concurrently {
  /// Runs `body` for each index below `count` and waits for all; returns their results in
  /// index order, or throws the error of the lowest index that failed once all have ended.
  static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) throws -> T)
    throws(PaperDiaryError) -> [T]
  {
    let results = Results<T>(count: count)
    DispatchQueue.concurrentPerform(iterations: count) { index in
      do {
        results.record(index, .success(try body(index)))
      } catch {
        results.record(
          index,
          .failure(error as? PaperDiaryError ?? PaperDiaryError(.failure, "\(error)")))
      }
    }
    return try results.all()
  }

  private final class Results<T: Sendable>: @unchecked Sendable {
    // @unchecked: every access goes through `lock`.
    private let lock = NSLock()
    private var results: [Result<T, PaperDiaryError>?]

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func record(_ index: Int, _ result: Result<T, PaperDiaryError>) {
      lock.lock()
      results[index] = result
      lock.unlock()
    }

    func all() throws(PaperDiaryError) -> [T] {
      lock.lock()
      defer { lock.unlock() }
      var values: [T] = []
      for result in results {
        switch result {
        case .success(let value)?: values.append(value)
        case .failure(let error)?: throw error
        case nil: throw PaperDiaryError(.failure, "a piece of work did not end")
        }
      }
      return values
    }
  }
}
