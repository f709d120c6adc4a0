/// An attendance code of `attendance.csv`, with the Сетевой город spellings folded in.
public enum AttendanceCode: String, CaseIterable, Sendable, Hashable {
  case absent = "н"
  case ill = "б"
  case excused = "у"
  case late = "оп"
  case exempt = "осв"

  /// Reads a code without regard to case; `НП`/`ОТ` are absences, `Б` illness, `УП` excused.
  public init?(code: String) {
    switch code.lowercased() {
    case "н", "нп", "от": self = .absent
    case "б": self = .ill
    case "у", "уп": self = .excused
    case "оп": self = .late
    case "осв": self = .exempt
    default: return nil
    }
  }

  /// `н`, `б` and `у` are absences; being late or exempt is shown but not counted (§3).
  public var isAbsence: Bool {
    switch self {
    case .absent, .ill, .excused: return true
    case .late, .exempt: return false
    }
  }
}
