import Foundation

/// One step of the sheet's what-if line (DESIGN §3, regulation cl. 3): the average after one
/// more ordinary mark `value`, printed as the average is (truncated to two decimals).
///
/// For the §5 example (5, 4, 4, 5, 4, 3, 5 of weight 1) the line reads
/// «следующая 5 → 4,37; 4 → 4,25; 3 → 4,12»; the words come from the template.
public struct ForecastWhatIf: Hashable, Sendable {
  /// The mark supposed next.
  public let value: Int
  /// The figures after it: its `projected`, its averages.
  public let figures: ForecastFigures

  /// The average after the mark, truncated to two decimals («4,37»).
  public func averageText(decimalSeparator: String = ",") -> String {
    figures.averageText(decimalSeparator: decimalSeparator) ?? ""
  }

  /// The line for `forecast`: one step per value of `values`, by default every mark of the
  /// scale above the lowest, top first (5, 4, 3 on a 2–5 scale). Empty when the forecast has
  /// no marks figure (an unmarked grade, or no P); with n = 0 each step is just its own mark.
  public static func line(
    for forecast: SubjectForecast, on scale: GradingScale, values: [Int]? = nil
  ) -> [ForecastWhatIf] {
    guard forecast.marks != nil else { return [] }
    let base = scale.baseWeight * 10_000
    guard base > 0 else { return [] }
    let whole = Int64.whole(exactly: base)
    let chosen = values ?? scale.marks.dropFirst().reversed()
    return chosen.map { value in
      let after =
        whole.map { forecast.tally.adding(value: value, weightE4: $0) }
        ?? forecast.tally.adding(value: value, decimalWeightE4: base)
      return ForecastWhatIf(value: value, figures: after.figures(on: scale))
    }
  }
}
