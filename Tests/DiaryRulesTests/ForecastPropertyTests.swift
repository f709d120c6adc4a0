import Foundation
import Testing

@testable import DiaryRules

/// SplitMix64: a tiny generator whose sequence depends only on the seed, so a failing case
/// can be replayed from the seed the test names.
struct ForecastSeededGenerator: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// An independent reference for §3 in plain integers: a threshold "a.bc" is the fraction
/// abc/100, and "Sum reaches t·W" is Sum·100 ≥ abc·W. Test magnitudes stay far below overflow.
struct ForecastReference {
  let marks: [Int]
  let thresholds: [Int: (numerator: Int, denominator: Int)]
  let baseE4: Int

  init(marks: [Int], thresholds: [Int: String], base: String) {
    self.marks = marks
    self.thresholds = thresholds.mapValues(ForecastReference.fraction)
    let b = ForecastReference.fraction(base)
    baseE4 = b.numerator * 10_000 / b.denominator
  }

  /// "3.51" → (351, 100).
  static func fraction(_ text: String) -> (numerator: Int, denominator: Int) {
    let parts = text.split(separator: ".")
    let decimals = parts.count == 2 ? parts[1].count : 0
    let denominator = (0..<decimals).reduce(1) { value, _ in value * 10 }
    return (Int(parts.joined()) ?? 0, denominator)
  }

  func projected(sum: Int, weight: Int) -> Int {
    for mark in marks.dropFirst().reversed() {
      if let t = thresholds[mark], sum * t.denominator >= t.numerator * weight { return mark }
    }
    return marks[0]
  }

  /// The smallest k ≥ 1 by walking, with a limit: the slow definition of `to_next`.
  func walkToNext(sum: Int, weight: Int, limit: Int = 100_000) -> Int? {
    let current = projected(sum: sum, weight: weight)
    guard let top = marks.last, current != top else { return nil }
    for k in 1...limit
    where projected(sum: sum + top * baseE4 * k, weight: weight + baseE4 * k)
      > current
    {
      return k
    }
    return nil
  }

  /// The smallest j ≥ 1 by walking: the slow definition of `to_drop`.
  func walkToDrop(sum: Int, weight: Int, limit: Int = 100_000) -> Int? {
    let current = projected(sum: sum, weight: weight)
    let low = marks[0]
    guard current != low else { return nil }
    for j in 1...limit
    where projected(sum: sum + low * baseE4 * j, weight: weight + baseE4 * j)
      < current
    {
      return j
    }
    return nil
  }
}

@Suite("§3 forecast: properties over seeded random marks")
struct ForecastPropertyTests {
  typealias F = ForecastFixture

  static let scales: [([Int], [Int: String])] = [
    ([2, 3, 4, 5], [3: "2.5", 4: "3.5", 5: "4.5"]),
    ([2, 3, 4, 5], [3: "2.51", 4: "3.51", 5: "4.51"]),
    ([2, 3, 4, 5], [3: "2.6", 4: "3.6", 5: "4.6"]),
    ([1, 2, 3, 4, 5], [2: "1.5", 3: "2.5", 4: "3.5", 5: "4.5"]),
  ]
  /// Base weights and the weights that occur with them (in 1/10 000).
  static let bases: [(String, [Int64])] = [
    ("1", [5_000, 10_000, 12_500, 15_000, 20_000, 30_000]),
    ("10", [50_000, 100_000, 150_000, 200_000]),
    ("1.25", [12_500, 25_000, 6_250]),
  ]

  struct Case {
    let scale: GradingScale
    let reference: ForecastReference
    let marks: [ForecastInput.Mark]
    let counted: [(value: Int, weightE4: Int64)]
  }

  /// A random scale, base weight and up to 25 marks in Q2, with some debts, uncounted marks,
  /// marks before P and after D mixed in; `counted` holds what §3 says must be tallied.
  static func randomCase(_ rng: inout ForecastSeededGenerator) -> Case {
    let (marks, thresholds) = scales[Int.random(in: 0..<scales.count, using: &rng)]
    let (base, weights) = bases[Int.random(in: 0..<bases.count, using: &rng)]
    let scale = GradingScale(
      marks: marks, thresholds: thresholds.mapValues(F.decimal), baseWeight: F.decimal(base))
    var rows: [ForecastInput.Mark] = []
    var counted: [(value: Int, weightE4: Int64)] = []
    for _ in 0..<Int.random(in: 1...25, using: &rng) {
      let value = marks[Int.random(in: 0..<marks.count, using: &rng)]
      let weight = weights[Int.random(in: 0..<weights.count, using: &rng)]
      let offset = Int.random(in: -5...25, using: &rng)
      let date = F.q2.start.adding(days: offset)
      let kind = Int.random(in: 0..<10, using: &rng)
      let inWindow = date >= F.q2.start && date <= F.asOf
      switch kind {
      case 0: rows.append(.init(value: nil, weightE4: weight, date: date))
      case 1: rows.append(.init(value: value, weightE4: weight, counted: false, date: date))
      default:
        rows.append(.init(value: value, weightE4: weight, date: date))
        if inWindow { counted.append((value, weight)) }
      }
    }
    let reference = ForecastReference(marks: marks, thresholds: thresholds, base: base)
    return Case(scale: scale, reference: reference, marks: rows, counted: counted)
  }

  @Test(arguments: 0..<16)
  func figuresMatchTheSlowDefinitions(seed: Int) {
    var rng = ForecastSeededGenerator(seed: UInt64(seed))
    for _ in 0..<150 {
      let c = Self.randomCase(&rng)
      let forecast = F.forecast(c.marks, scale: c.scale)
      let sum = c.counted.reduce(0) { $0 + $1.value * Int($1.weightE4) }
      let weight = c.counted.reduce(0) { $0 + Int($1.weightE4) }
      #expect(forecast.marks == c.counted.count)
      guard !c.counted.isEmpty else {
        #expect(forecast.projected == nil && forecast.toNext == nil && forecast.toDrop == nil)
        continue
      }
      #expect(forecast.tally.sum == Decimal(sum))
      #expect(forecast.tally.weight == Decimal(weight))
      #expect(forecast.projected == c.reference.projected(sum: sum, weight: weight))
      #expect(forecast.toNext == c.reference.walkToNext(sum: sum, weight: weight))
      #expect(forecast.toDrop == c.reference.walkToDrop(sum: sum, weight: weight))
      // Truncated and half-up averages, in integers.
      let hundredths = sum * 100 / weight
      let text = "\(hundredths / 100)," + String(format: "%02d", hundredths % 100)
      #expect(forecast.averageText() == text)
      let tenThousandths = (2 * sum * 10_000 + weight) / (2 * weight)
      let rounded = Decimal(sign: .plus, exponent: -4, significand: Decimal(tenThousandths))
      #expect(forecast.roundedAverage == rounded)
    }
  }

  /// With `to_next` extra top marks the projected mark rises, with one fewer it does not; with
  /// `to_drop` extra low marks it falls, with one fewer it does not.
  @Test(arguments: 100..<116)
  func extraMarksMoveTheProjectionExactlyThere(seed: Int) throws {
    var rng = ForecastSeededGenerator(seed: UInt64(seed))
    for _ in 0..<150 {
      let c = Self.randomCase(&rng)
      let forecast = F.forecast(c.marks, scale: c.scale)
      guard let current = forecast.projected else { continue }
      let b = c.scale.baseWeight * 10_000
      #expect((forecast.toNext == nil) == (current == c.scale.top))
      #expect((forecast.toDrop == nil) == (current == c.scale.low))
      if let k = forecast.toNext {
        let raised = F.forecast(c.marks + extra(c.scale.top, b, k), scale: c.scale)
        #expect(try #require(raised.projected) > current)
        let short = F.forecast(c.marks + extra(c.scale.top, b, k - 1), scale: c.scale)
        #expect(short.projected == current)
      }
      if let j = forecast.toDrop {
        let lowered = F.forecast(c.marks + extra(c.scale.low, b, j), scale: c.scale)
        #expect(try #require(lowered.projected) < current)
        let short = F.forecast(c.marks + extra(c.scale.low, b, j - 1), scale: c.scale)
        #expect(short.projected == current)
      }
    }
  }

  /// `count` ordinary marks `value` of weight b, dated D.
  private func extra(_ value: Int, _ b: Decimal, _ count: Int) -> [ForecastInput.Mark] {
    let weightE4 = Int64.whole(exactly: b) ?? 0
    return Array(
      repeating: ForecastInput.Mark(value: value, weightE4: weightE4, date: F.asOf), count: count)
  }

  /// The `Int64` path and the `Decimal` fallback decide the same figures.
  @Test(arguments: 300..<308)
  func int64AndDecimalAgree(seed: Int) {
    var rng = ForecastSeededGenerator(seed: UInt64(seed))
    for _ in 0..<150 {
      let c = Self.randomCase(&rng)
      let fast = ForecastTally(c.counted)
      guard case .int64 = fast.storage else {
        Issue.record("a small tally left Int64")
        continue
      }
      let slow = ForecastTally(count: fast.count, sum: fast.sum, weight: fast.weight)
      #expect(fast.figures(on: c.scale) == slow.figures(on: c.scale))
      #expect(fast == slow)
      let b = Int64.whole(exactly: c.scale.baseWeight * 10_000) ?? 0
      let fastAfter = fast.adding(value: 5, weightE4: b, times: 3)
      let slowAfter = slow.adding(value: 5, decimalWeightE4: Decimal(b), times: 3)
      #expect(fastAfter == slowAfter)
      #expect(fastAfter.figures(on: c.scale) == slowAfter.figures(on: c.scale))
    }
  }

  /// The order of the marks never matters, and neither do rows outside the window.
  @Test(arguments: 200..<204)
  func orderAndOutsideRowsDoNotMatter(seed: Int) {
    var rng = ForecastSeededGenerator(seed: UInt64(seed))
    for _ in 0..<100 {
      let c = Self.randomCase(&rng)
      let forecast = F.forecast(c.marks, scale: c.scale)
      let shuffled = F.forecast(c.marks.shuffled(using: &rng), scale: c.scale)
      let onlyCounted = F.forecast(
        c.counted.map { .init(value: $0.value, weightE4: $0.weightE4, date: F.asOf) },
        scale: c.scale)
      #expect(shuffled == forecast)
      #expect(onlyCounted.tally == forecast.tally)
      #expect(onlyCounted.projected == forecast.projected)
      #expect(onlyCounted.toNext == forecast.toNext && onlyCounted.toDrop == forecast.toDrop)
    }
  }
}
