import DiaryRules
import Foundation
import GradeStore
import SheetRendering

/// Puts one weekly sheet together from the store's facts (§4): which marks are new, what the
/// forecast says, who it goes to. Pure: every fact comes in as a value.
struct WeeklySheetBuilder {
  let settings: SchoolSettings
  let context: SheetContext
  let week: SchoolWeek
  let asOf: LocalDate

  /// The sheet content for `recipient`, numbered `issueID`.
  func sheet(
    for recipient: Recipient, source: SheetSource, forecasts: [SubjectForecast],
    issueID: String, issuedOn: LocalDate, replaces: String?
  ) -> WeeklySheet {
    let key = RecipientKey(guardian: recipient.guardian, student: recipient.student)
    let previous = context.previousIssue[key]
    let baseE4 = NSDecimalNumber(decimal: settings.grading.baseWeight * 10_000).doubleValue
    let subjects = zip(source.subjects, forecasts).map { subject, forecast in
      WeeklySheet.Subject(
        name: subject.name,
        marks: subject.marks.filter { $0.date <= asOf }.map { mark in
          WeeklySheet.Mark(
            value: mark.value, weight: baseE4 > 0 ? Double(mark.weightE4) / baseE4 : 1,
            counted: mark.counted, date: mark.date,
            isNew: isNew(mark, previousIssue: previous), comment: mark.comment)
        }, forecast: forecast)
    }
    let info = context.classes[recipient.classID]
    return WeeklySheet(
      school: settings.name, className: info?.name ?? recipient.className,
      homeroomTeacher: info?.homeroomTeacher ?? "", student: recipient.studentName,
      guardian: recipient.guardianName, delivery: recipient.delivery,
      address: context.addresses[recipient.guardian], week: week, period: source.period,
      asOf: asOf, issueID: issueID, issuedOn: issuedOn, replaces: replaces, subjects: subjects,
      scale: settings.grading, unmarked: settings.grading.unmarkedGrades.contains(recipient.grade),
      consentSince: source.consentSince)
  }

  /// §4: new = entered after the previous weekly sheet to the pair was made; a mark without
  /// `entered_at`, or a pair's first sheet, counts as new when it is dated within the week.
  func isNew(_ mark: SheetSource.Mark, previousIssue: String?) -> Bool {
    if let entered = mark.enteredAt, let previousIssue { return entered > previousIssue }
    return week.contains(mark.date)
  }
}
