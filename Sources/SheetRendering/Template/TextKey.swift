/// Every text a template must give, named `<table>.<key>` as in `template.toml`, with the
/// placeholders each may use. The loader refuses a template that lacks one, has a key not
/// listed here (a typo would otherwise be silently ignored) or uses a foreign placeholder.
public enum TextKey: String, CaseIterable, Sendable {
  // MARK: - Every document
  case pageNumber = "common.page_number"
  case issueNumber = "common.issue_number"
  case legalBasis = "common.legal_basis"
  case generated = "common.generated"
  case continuation = "common.continuation"

  // MARK: - The weekly sheet (§4)
  case weeklyTitle = "weekly.title"
  case weeklySubtitle = "weekly.subtitle"
  case weeklyReissue = "weekly.reissue"
  case labelStudent = "weekly.label_student"
  case labelClass = "weekly.label_class"
  case labelGuardian = "weekly.label_guardian"
  case labelWeek = "weekly.label_week"
  case labelPeriod = "weekly.label_period"
  case labelAsOf = "weekly.label_as_of"
  case weekRange = "weekly.week_range"
  case periodRange = "weekly.period_range"
  case noPeriod = "weekly.no_period"
  case consent = "weekly.consent"
  case columnSubject = "weekly.column_subject"
  case columnMarks = "weekly.column_marks"
  case columnNew = "weekly.column_new"
  case columnAverage = "weekly.column_average"
  case columnProjected = "weekly.column_projected"
  case columnNeeds = "weekly.column_needs"
  case columnAbsences = "weekly.column_absences"
  case columnRisk = "weekly.column_risk"
  case needsNext = "weekly.needs_next"
  case needsDrop = "weekly.needs_drop"
  case needsUnreachable = "weekly.needs_unreachable"
  case fewMarks = "weekly.few_marks"
  case exempt = "weekly.exempt"
  case noMarks = "weekly.no_marks"
  case unmarkedGrade = "weekly.unmarked_grade"
  case finalMark = "weekly.final_mark"
  case absencesOfLessons = "weekly.absences_of_lessons"
  case absencesOnly = "weekly.absences_only"
  case riskYes = "weekly.risk_yes"
  case riskNo = "weekly.risk_no"
  case debtMark = "weekly.debt_mark"
  case nothingNew = "weekly.nothing_new"
  case legend = "weekly.legend"
  case trendTitle = "weekly.trend_title"
  case trendEmpty = "weekly.trend_empty"
  case finalsTitle = "weekly.finals_title"
  case finalsItem = "weekly.finals_item"
  case commentsTitle = "weekly.comments_title"
  case comment = "weekly.comment"
  case cadence = "weekly.cadence"
  case signatureHomeroom = "weekly.signature_homeroom"
  case slipCut = "weekly.slip_cut"
  case slipReceived = "weekly.slip_received"
  case slipSignature = "weekly.slip_signature"
  case postAddressee = "weekly.post_addressee"
  case postNote = "weekly.post_note"

  /// The placeholders the text may use.
  public var placeholders: Set<String> {
    switch self {
    case .pageNumber: ["page", "pages"]
    case .issueNumber: ["issue_id", "date"]
    case .generated: ["date", "time"]
    case .continuation: ["issue_id", "student", "class"]
    case .weeklyReissue: ["replaces"]
    case .weekRange: ["start", "end", "week"]
    case .periodRange: ["name", "start", "end"]
    case .consent: ["since"]
    case .needsNext: ["next", "count", "top"]
    case .needsDrop: ["projected", "count", "low"]
    case .needsUnreachable: ["next"]
    case .fewMarks: ["count", "min"]
    case .finalMark: ["mark"]
    case .absencesOfLessons: ["absences", "lessons"]
    case .absencesOnly: ["absences"]
    case .finalsTitle: ["period"]
    case .finalsItem: ["subject", "mark"]
    case .comment: ["subject", "date", "mark", "text"]
    case .signatureHomeroom: ["teacher"]
    case .slipReceived: ["issue_id", "class", "week", "student"]
    case .slipCut: []
    case .cadence: ["school"]
    case .postAddressee: ["guardian", "address"]
    default: []
    }
  }

  /// The `[table]` of `template.toml` the key lives in.
  var table: String { String(rawValue.prefix { $0 != "." }) }
  /// The key inside its table.
  var name: String { String(rawValue.drop { $0 != "." }.dropFirst()) }
}
