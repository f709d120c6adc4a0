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
  private static let mallocTrim = GlibcFunction.named(
    "malloc_trim", as: (@convention(c) (Int) -> Int32).self)
}
