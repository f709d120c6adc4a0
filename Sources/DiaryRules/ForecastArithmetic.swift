import Foundation

/// An `Int64` step of the forecast overflowed; the figures are then decided again in `Decimal`.
struct ForecastOverflow: Error {}

/// Exact arithmetic for the forecast's threshold comparisons (DESIGN §3: "every comparison with
/// a threshold is made exactly").
///
/// Two number types conform. `Int64` is the fast path: a threshold 3.51 becomes 351/100 and
/// "Sum reaches t·W" becomes Sum·100 ≥ 351·W, every step checked for overflow. `Decimal` (38
/// digits) is the fallback for magnitudes no school reaches; it is exact there, but about a
/// hundred times slower on Linux, so the weekly batch stays on `Int64`.
protocol ForecastNumber: Comparable {
  static func whole(_ value: Int) -> Self
  /// `value` as numerator / denominator with denominator > 0; throws when it does not fit.
  static func fraction(_ value: Decimal) throws(ForecastOverflow) -> (Self, Self)
  func plus(_ other: Self) throws(ForecastOverflow) -> Self
  func minus(_ other: Self) throws(ForecastOverflow) -> Self
  func times(_ other: Self) throws(ForecastOverflow) -> Self
  /// ⌊self / divisor⌋ for divisor > 0.
  func floorDivided(by divisor: Self) -> Self
  /// A whole value as `Int`, clamped to `Int.min…Int.max`.
  var saturatingInt: Int { get }
}

extension Int64: ForecastNumber {
  static func whole(_ value: Int) -> Int64 { Int64(value) }

  /// m·10^e from `Decimal`'s significand and exponent; up to 18 decimals.
  static func fraction(_ value: Decimal) throws(ForecastOverflow) -> (Int64, Int64) {
    let significand = value.significand
    guard significand <= Decimal(Int64.max), (-18...18).contains(value.exponent) else {
      throw ForecastOverflow()
    }
    var numerator = NSDecimalNumber(decimal: significand).int64Value
    if value.sign == .minus { numerator = -numerator }
    var power: Int64 = 1
    for _ in 0..<abs(value.exponent) { power = try power.times(10) }
    return value.exponent >= 0 ? (try numerator.times(power), 1) : (numerator, power)
  }

  /// `value` when it is a whole number that fits, else nil.
  static func whole(exactly value: Decimal) -> Int64? {
    do {
      let (numerator, denominator) = try fraction(value)
      return denominator == 1 ? numerator : nil
    } catch {
      return nil
    }
  }

  func plus(_ other: Int64) throws(ForecastOverflow) -> Int64 {
    let (result, overflow) = addingReportingOverflow(other)
    if overflow { throw ForecastOverflow() }
    return result
  }

  func minus(_ other: Int64) throws(ForecastOverflow) -> Int64 {
    let (result, overflow) = subtractingReportingOverflow(other)
    if overflow { throw ForecastOverflow() }
    return result
  }

  func times(_ other: Int64) throws(ForecastOverflow) -> Int64 {
    let (result, overflow) = multipliedReportingOverflow(by: other)
    if overflow { throw ForecastOverflow() }
    return result
  }

  func floorDivided(by divisor: Int64) -> Int64 {
    let quotient = self / divisor
    return self % divisor < 0 ? quotient - 1 : quotient
  }

  var saturatingInt: Int { Int(clamping: self) }
}

extension Decimal: ForecastNumber {
  static func whole(_ value: Int) -> Decimal { Decimal(value) }
  static func fraction(_ value: Decimal) -> (Decimal, Decimal) { (value, 1) }
  func plus(_ other: Decimal) -> Decimal { self + other }
  func minus(_ other: Decimal) -> Decimal { self - other }
  func times(_ other: Decimal) -> Decimal { self * other }

  /// The 38-digit quotient is off by at most one; exact products settle it, in a bounded
  /// number of steps, so this cannot hang.
  func floorDivided(by divisor: Decimal) -> Decimal {
    var quotient = self / divisor
    var floor = Decimal()
    NSDecimalRound(&floor, &quotient, 0, .down)
    for _ in 0..<4 {
      if floor * divisor > self {
        floor -= 1
      } else if (floor + 1) * divisor <= self {
        floor += 1
      } else {
        break
      }
    }
    return floor
  }

  var saturatingInt: Int {
    if let exact = Int(description) { return exact }
    return self < 0 ? Int.min : Int.max
  }
}
