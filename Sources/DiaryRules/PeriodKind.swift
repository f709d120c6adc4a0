/// A reporting period is a term (a quarter or half-year: the forecast's period) or the year.
public enum PeriodKind: String, CaseIterable, Sendable, Hashable {
  case term
  case year
}
