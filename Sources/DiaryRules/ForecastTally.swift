import Foundation

/// The weighted tally of the counted marks, Sum = Σ w·v and W = Σ w with w in units of
/// 1/10 000 (`weight_e4`), on which every figure of regulation cl. 3 / DESIGN §3 rests.
///
/// Held as `Int64` while it fits and as `Decimal` beyond, so any stored weight is summed
/// exactly; `figures(on:)` decides the forecast from it without a rounded average.
public struct ForecastTally: Hashable, Sendable {
  enum Storage: Hashable, Sendable {
    case int64(sum: Int64, weight: Int64)
    case decimal(sum: Decimal, weight: Decimal)
  }

  /// n, the number of marks tallied.
  public let count: Int
  let storage: Storage

  /// Tallies (value, weight_e4) pairs.
  public init(_ marks: some Sequence<(value: Int, weightE4: Int64)>) {
    var count = 0
    var sum: Int64 = 0
    var weight: Int64 = 0
    var iterator = marks.makeIterator()
    while let mark = iterator.next() {
      count += 1
      do {
        sum = try sum.plus(mark.weightE4.times(Int64(mark.value)))
        weight = try weight.plus(mark.weightE4)
      } catch {
        // Beyond Int64: carry on in Decimal from the totals so far.
        var tally = ForecastTally(
          count: count - 1, sum: Decimal(sum), weight: Decimal(weight)
        ).adding(value: mark.value, decimalWeightE4: Decimal(mark.weightE4), times: 1)
        while let rest = iterator.next() {
          tally = tally.adding(
            value: rest.value, decimalWeightE4: Decimal(rest.weightE4), times: 1)
        }
        self = tally
        return
      }
    }
    self.count = count
    storage = .int64(sum: sum, weight: weight)
  }

  /// A tally from its totals Sum and W (in 1/10 000 units), kept in `Decimal`.
  public init(count: Int, sum: Decimal, weight: Decimal) {
    self.count = count
    storage = .decimal(sum: sum, weight: weight)
  }

  /// Sum = Σ w·v in 1/10 000 weight units.
  public var sum: Decimal {
    switch storage {
    case .int64(let sum, _): return Decimal(sum)
    case .decimal(let sum, _): return sum
    }
  }

  /// W = Σ w in 1/10 000 units.
  public var weight: Decimal {
    switch storage {
    case .int64(_, let weight): return Decimal(weight)
    case .decimal(_, let weight): return weight
    }
  }

  /// Sum / W to `Decimal`'s 38 digits, for charts; nil when there is no mark. No threshold is
  /// ever compared with it.
  public var average: Decimal? {
    guard count > 0, weight > 0 else { return nil }
    return sum / weight
  }

  /// The tally after `times` more marks `value` of weight `weightE4` (1/10 000 units) each.
  public func adding(value: Int, weightE4: Int64, times: Int = 1) -> ForecastTally {
    if case .int64(let sum, let weight) = storage {
      do {
        let added = try weightE4.times(Int64(times))
        return ForecastTally(
          count: count + times,
          storage: .int64(
            sum: try sum.plus(added.times(Int64(value))), weight: try weight.plus(added)))
      } catch {}  // Beyond Int64: the Decimal sum below.
    }
    return adding(value: value, decimalWeightE4: Decimal(weightE4), times: times)
  }

  /// The same in `Decimal`, for a weight that need not be whole in 1/10 000 units (a base
  /// weight of 1.00005) or that left `Int64`.
  func adding(value: Int, decimalWeightE4: Decimal, times: Int = 1) -> ForecastTally {
    let added = decimalWeightE4 * Decimal(times)
    return ForecastTally(
      count: count + times, sum: sum + added * Decimal(value), weight: weight + added)
  }

  private init(count: Int, storage: Storage) {
    self.count = count
    self.storage = storage
  }

  // MARK: - Figures

  /// `projected`, `to_next`, `to_drop` and the averages on `scale`, decided exactly.
  public func figures(on scale: GradingScale) -> ForecastFigures {
    if case .int64(let sum, let weight) = storage {
      do {
        return try ForecastFigures(count: count, sum: sum, weight: weight, scale: scale)
      } catch {}  // Beyond Int64: decided again in Decimal below.
    }
    do {
      return try ForecastFigures(count: count, sum: sum, weight: weight, scale: scale)
    } catch {
      return .none  // unreachable: Decimal arithmetic does not throw
    }
  }

  /// The projected mark alone; nil when there is no mark.
  public func projected(on scale: GradingScale) -> Int? { figures(on: scale).projected }

  // MARK: - Equality by value

  /// Equal totals are equal tallies, whichever storage holds them.
  public static func == (lhs: ForecastTally, rhs: ForecastTally) -> Bool {
    if case .int64(let a, let b) = lhs.storage, case .int64(let c, let d) = rhs.storage {
      return lhs.count == rhs.count && a == c && b == d
    }
    return lhs.count == rhs.count && lhs.sum == rhs.sum && lhs.weight == rhs.weight
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(count)
    hasher.combine(sum)
    hasher.combine(weight)
  }
}
