import Foundation

/// Hands the heap's free memory back to the system (glibc's `malloc_trim`): after reading
/// something the size of the school that is then let go, so that a long batch's resident
/// memory is what it keeps, not the peak of what it read.
enum HeapTrim {
  static func now() {
    _ = mallocTrim?(0)
  }

  /// glibc's `malloc_trim`, which the Glibc module does not export (it is in <malloc.h>); on
  /// another C library nothing is trimmed.
  private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else {
      return nil
    }
    return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
  }()
}
