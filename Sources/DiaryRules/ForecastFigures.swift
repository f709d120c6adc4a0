import Foundation

/// The figures of regulation cl. 3 / DESIGN §3 that follow from Sum and W alone: `projected`,
/// `to_next`, `to_drop` and the two roundings of the average; all nil when n = 0.
///
/// Decided exactly from the tally (never from a rounded average), by one generic algorithm run
/// on `Int64` and, should that overflow, on `Decimal`.
public struct ForecastFigures: Hashable, Sendable {
  /// The largest mark g with Sum reaching t(g)·W; `low` when none does.
  public let projected: Int?
  /// The smallest k ≥ 1 with Sum + top·b·k reaching t(g′)·(W + b·k); nil at the top.
  public let toNext: Int?
  /// The smallest j ≥ 1 with Sum + low·b·j falling below t(projected)·(W + b·j); nil at low.
  public let toDrop: Int?
  /// ⌊100·Sum / W⌋: the average truncated to hundredths, as the sheet prints it.
  public let averageHundredths: Int?
  /// The average in ten-thousandths rounded half-up, as the manifest carries it.
  public let averageTenThousandths: Int?

  public static let none = ForecastFigures(
    projected: nil, toNext: nil, toDrop: nil, averageHundredths: nil, averageTenThousandths: nil)

  init(
    projected: Int?, toNext: Int?, toDrop: Int?, averageHundredths: Int?,
    averageTenThousandths: Int?
  ) {
    self.projected = projected
    self.toNext = toNext
    self.toDrop = toDrop
    self.averageHundredths = averageHundredths
    self.averageTenThousandths = averageTenThousandths
  }

  /// The average truncated to two decimals with the template's separator: 4.595 → «4,59»,
  /// 23/5 → «4,60». Truncation keeps a printed average from seeming to reach a threshold the
  /// forecast did not.
  public func averageText(decimalSeparator: String = ",") -> String? {
    guard let hundredths = averageHundredths else { return nil }
    let fraction = abs(hundredths % 100)
    return "\(hundredths / 100)\(decimalSeparator)\(fraction < 10 ? "0" : "")\(fraction)"
  }

  /// The average rounded half-up to 4 decimals (4.2857).
  public var roundedAverage: Decimal? {
    averageTenThousandths.map { Decimal(sign: .plus, exponent: -4, significand: Decimal($0)) }
  }

  // MARK: - The algorithm

  /// Sum and W in units of 1/10 000 of a weight. A threshold t is num/den, the base weight b
  /// is 10 000·p/q units; both sides of every comparison are multiplied out, so no division
  /// happens before the final ⌊ ⌋, which is exact.
  init<N: ForecastNumber>(
    count: Int, sum: N, weight: N, scale: GradingScale
  ) throws(ForecastOverflow) {
    let zero = N.whole(0)
    guard count > 0, weight > zero else {
      self = .none
      return
    }
    var thresholds: [Int: (num: N, den: N)] = [:]
    for (mark, value) in scale.thresholds { thresholds[mark] = try N.fraction(value) }
    // Sum·den ≥ num·W, i.e. Sum / W ≥ t.
    func margin(_ t: (num: N, den: N)) throws(ForecastOverflow) -> N {
      try sum.times(t.den).minus(t.num.times(weight))
    }
    var projected = scale.low
    for mark in scale.marks.dropFirst().reversed() {
      guard let t = thresholds[mark] else { continue }
      if try margin(t) >= zero {
        projected = mark
        break
      }
    }
    let (p, q) = try N.fraction(scale.baseWeight)
    let unit = try N.whole(10_000).times(p)  // b = unit / q in 1/10 000
    let top = N.whole(scale.top)
    let low = N.whole(scale.low)

    // k·b·(top − t) ≥ t·W − Sum  ⇔  k·unit·(top·den − num) ≥ q·(num·W − Sum·den).
    var toNext: Int?
    if let next = scale.marks.first(where: { $0 > projected }), let t = thresholds[next] {
      let step = try unit.times(top.times(t.den).minus(t.num))
      if step > zero, unit > zero {
        let needed = try q.times(zero.minus(margin(t)))
        let k = try zero.minus(zero.minus(needed).floorDivided(by: step))
        toNext = max(1, k.saturatingInt)
      }
    }
    // j·b·(t − low) > Sum − t·W  ⇔  j·unit·(num − low·den) > q·(Sum·den − num·W).
    var toDrop: Int?
    if projected != scale.low, let t = thresholds[projected] {
      let step = try unit.times(t.num.minus(low.times(t.den)))
      if step > zero, unit > zero {
        let j = try q.times(margin(t)).floorDivided(by: step).plus(N.whole(1))
        toDrop = max(1, j.saturatingInt)
      }
    }
    let twice = try weight.times(N.whole(2))
    let rounded = try sum.times(N.whole(20_000)).plus(weight).floorDivided(by: twice)
    self.init(
      projected: projected, toNext: toNext, toDrop: toDrop,
      averageHundredths: try sum.times(N.whole(100)).floorDivided(by: weight).saturatingInt,
      averageTenThousandths: rounded.saturatingInt)
  }
}
