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

  // MARK: - The delivery register (R10)
  case registerTitle = "register.title"
  case registerSubtitle = "register.subtitle"
  case registerColumnNumber = "register.column_number"
  case registerColumnStudent = "register.column_student"
  case registerColumnGuardian = "register.column_guardian"
  case registerColumnIssue = "register.column_issue"
  case registerColumnDelivery = "register.column_delivery"
  case registerColumnDate = "register.column_date"
  case registerColumnSignature = "register.column_signature"
  case registerDeliveryStudent = "register.delivery_student"
  case registerDeliveryInPerson = "register.delivery_in_person"
  case registerDeliveryPost = "register.delivery_post"
  case registerPostSent = "register.post_sent"
  case registerReissue = "register.reissue"
  case registerTotal = "register.total"
  case registerSignature = "register.signature"
  case registerContinuation = "register.continuation"
  case registerLegal = "register.legal"

  // MARK: - The final-results notice (R6)
  case noticeTitle = "notice.title"
  case noticeSubtitle = "notice.subtitle"
  case noticeIntro = "notice.intro"
  case noticeFinalsTitle = "notice.finals_title"
  case noticeColumnSubject = "notice.column_subject"
  case noticeColumnPeriod = "notice.column_period"
  case noticeColumnMark = "notice.column_mark"
  case noticeColumnReceived = "notice.column_received"
  case noticeExamsTitle = "notice.exams_title"
  case noticeColumnExam = "notice.column_exam"
  case noticeColumnExamDate = "notice.column_exam_date"
  case noticeColumnScore = "notice.column_score"
  case noticeColumnExamMark = "notice.column_exam_mark"
  case noticeReceived = "notice.received"
  case noticeNone = "notice.none"
  case noticeExamLaw = "notice.exam_law"
  case noticeLegalBasis = "notice.legal_basis"
  case noticeContinuation = "notice.continuation"
  case noticeSlipReceived = "notice.slip_received"

  // MARK: - The forms (R8)
  case formsRegistration = "forms.registration"
  case formsAddressee = "forms.addressee"
  case formsFrom = "forms.from"
  case formsFromStudent = "forms.from_student"
  case formsNameHint = "forms.name_hint"
  case formsBlankName = "forms.blank_name"
  case formsBlankShort = "forms.blank_short"
  case formsBlankDate = "forms.blank_date"
  case formsBlankAddress = "forms.blank_address"
  case formsBoxEmpty = "forms.box_empty"
  case formsBoxTicked = "forms.box_ticked"
  case formsDateHint = "forms.date_hint"
  case formsSignature = "forms.signature"
  case formsSignatureHint = "forms.signature_hint"
  case formsSignatureName = "forms.signature_name"
  case formsSignatureNameHint = "forms.signature_name_hint"
  case formsOffice = "forms.office"
  case formsLegalBasis = "forms.legal_basis"
  case formsDeliveryTitle = "forms.delivery_title"
  case formsDeliveryStudent = "forms.delivery_student"
  case formsDeliveryInPerson = "forms.delivery_in_person"
  case formsDeliveryPost = "forms.delivery_post"
  case formsRefusalTitle = "forms.refusal_title"
  case formsRefusalSubtitle = "forms.refusal_subtitle"
  case formsRefusalBody = "forms.refusal_body"
  case formsRefusalInformed = "forms.refusal_informed"
  case formsRefusalAcknowledged = "forms.refusal_acknowledged"
  case formsRefusalSource = "forms.refusal_source"
  case formsAnnulmentTitle = "forms.annulment_title"
  case formsAnnulmentSubtitle = "forms.annulment_subtitle"
  case formsAnnulmentBody = "forms.annulment_body"
  case formsAnnulmentRefusal = "forms.annulment_refusal"
  case formsAnnulmentRefusalBlank = "forms.annulment_refusal_blank"
  case formsAnnulmentNote = "forms.annulment_note"
  case formsConsentTitle = "forms.consent_title"
  case formsConsentSubtitle = "forms.consent_subtitle"
  case formsConsentBody = "forms.consent_body"
  case formsConsentPassport = "forms.consent_passport"
  case formsConsentNote = "forms.consent_note"
  case formsConsentTeacher = "forms.consent_teacher"
  case formsContactsTitle = "forms.contacts_title"
  case formsContactsSubtitle = "forms.contacts_subtitle"
  case formsContactsBody = "forms.contacts_body"
  case formsContactsOther = "forms.contacts_other"
  case formsContactsSource = "forms.contacts_source"
  case formsContactsPrevious = "forms.contacts_previous"

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
    case .registerSubtitle: ["school", "class", "week", "start", "end", "teacher"]
    case .registerReissue: ["replaces"]
    case .registerTotal: ["count", "post"]
    case .registerSignature: ["teacher"]
    case .registerContinuation: ["class", "week"]
    case .noticeIntro: ["deadline_date", "deadline_time"]
    case .noticeReceived: ["date", "time"]
    case .noticeContinuation, .noticeSlipReceived: ["issue_id", "student", "class"]
    case .formsAddressee: ["school"]
    case .formsFrom, .formsSignatureName: ["name"]
    case .formsFromStudent: ["name", "class"]
    case .formsDeliveryPost: ["address"]
    case .formsRefusalBody, .formsContactsBody: ["guardian", "student", "class"]
    case .formsAnnulmentBody: ["guardian", "student", "class", "refusal"]
    case .formsAnnulmentRefusal: ["date", "reference"]
    case .formsConsentBody: ["student", "class", "birth_date", "guardian"]
    case .formsConsentTeacher: ["teacher"]
    case .formsContactsPrevious: ["document"]
    default: []
    }
  }

  /// The `[table]` of `template.toml` the key lives in.
  var table: String { String(rawValue.prefix { $0 != "." }) }
  /// The key inside its table.
  var name: String { String(rawValue.drop { $0 != "." }.dropFirst()) }
}
