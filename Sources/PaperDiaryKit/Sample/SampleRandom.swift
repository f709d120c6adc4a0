/// The sample's only source of randomness: xoshiro256** seeded through SplitMix64.
///
/// Written out here rather than taken from the standard library so that the same seed gives
/// the same import set on every run, machine and toolchain: `SystemRandomNumberGenerator` is
/// not seedable, and the algorithms behind `Int.random(in:)` and `shuffle()` may change.
/// Every helper below is plain integer or `Double` arithmetic, with no `libm` call.
struct SampleRandom: RandomNumberGenerator {
  private var s0: UInt64
  private var s1: UInt64
  private var s2: UInt64
  private var s3: UInt64

  /// An independent stream for `seed`: `stream` separates the parts of the generation
  /// (population, registry, each class's journal) so that one part's draws never shift
  /// another's.
  init(seed: UInt64, stream: UInt64) {
    var state = seed ^ (stream &* 0xD1B5_4A32_D192_ED03)
    s0 = SampleRandom.splitMix(&state)
    s1 = SampleRandom.splitMix(&state)
    s2 = SampleRandom.splitMix(&state)
    s3 = SampleRandom.splitMix(&state)
    if s0 | s1 | s2 | s3 == 0 { s0 = 0x9E37_79B9_7F4A_7C15 }
  }

  private static func splitMix(_ state: inout UInt64) -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  mutating func next() -> UInt64 {
    let result = SampleRandom.rotate(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = SampleRandom.rotate(s3, 45)
    return result
  }

  private static func rotate(_ value: UInt64, _ count: UInt64) -> UInt64 {
    (value << count) | (value >> (64 - count))
  }

  // MARK: - Helpers

  /// A number in `0..<bound` (Lemire's multiply-high; the bias is below 2⁻³² for our bounds).
  mutating func below(_ bound: Int) -> Int {
    guard bound > 1 else { return 0 }
    return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
  }

  /// A number in `range`, both ends included.
  mutating func within(_ range: ClosedRange<Int>) -> Int {
    range.lowerBound + below(range.upperBound - range.lowerBound + 1)
  }

  /// A uniform `Double` in [0, 1).
  mutating func unit() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// True with probability `p`.
  mutating func chance(_ p: Double) -> Bool {
    unit() < p
  }

  /// Approximately standard normal (Irwin–Hall of four uniforms), bounded by ±2√3: close
  /// enough for marks and abilities, and free of `log`/`cos`, whose last bits may differ
  /// between C libraries.
  mutating func normal() -> Double {
    (unit() + unit() + unit() + unit() - 2) * 1.732_050_807_568_877_2
  }

  /// One element of a non-empty array.
  mutating func pick<T>(_ items: [T]) -> T {
    items[below(items.count)]
  }

  /// The index chosen by relative integer weights.
  mutating func weighted(_ weights: [Int]) -> Int {
    var total = 0
    for w in weights { total += w }
    var r = below(total)
    for (index, w) in weights.enumerated() {
      if r < w { return index }
      r -= w
    }
    return weights.count - 1
  }

  /// Fisher–Yates, spelled out so that the order does not depend on the standard library.
  mutating func shuffle<T>(_ items: inout [T]) {
    var i = items.count - 1
    while i > 0 {
      let j = below(i + 1)
      if i != j { items.swapAt(i, j) }
      i -= 1
    }
  }
}
