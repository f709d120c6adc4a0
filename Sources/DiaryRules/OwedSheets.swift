/// Which weekly sheets are owed, and which of them were missed (R3; regulation cl. 2 «не реже
/// чем один раз [в] неделю», cl. 5 «не чаще 1 раза в неделю»).
///
/// A pair (G, S) is owed a weekly sheet for study week W of S's grade when it is a recipient
/// (R1) on W's last study day for that grade and W starts on or after `paper_since`. Without a
/// `paper_since` in `school.toml` the cadence starts on the Monday of the first week that has a
/// weekly issue in the ledger, and before any weekly issue nothing is owed. An owed sheet of a
/// finished week (its Sunday has ended in the school's zone) with no weekly issue is *missed*:
/// `status` lists it until `sheet` issues it, so a Saturday refusal after the Friday batch is
/// never forgotten. The rule is pure: recipients come in per date, the time as a clock.
public enum OwedSheets {
  /// The first Monday from which sheets are owed: `paper_since` as configured, else the Monday
  /// of the first week with a weekly issue; nil when neither exists (nothing is owed yet).
  public static func paperSince(configured: LocalDate?, firstWeeklyIssue: SchoolWeek?)
    -> LocalDate?
  {
    configured ?? firstWeeklyIssue?.monday
  }

  /// The last study day of `week` for each grade that studies in it; a grade with no study day
  /// in the week is absent, since such a week owes its students nothing.
  public static func lastStudyDays(of week: SchoolWeek, calendar: StudyCalendar) -> [Int:
    LocalDate]
  {
    var days: [Int: LocalDate] = [:]
    for grade in GradeSet.validGrades {
      if let last = calendar.studyDays(in: week, grade: grade).last { days[grade] = last }
    }
    return days
  }

  /// The weeks whose sheets can be owed and already missed at `clock`: every finished week
  /// that starts on or after `paperSince`, oldest first.
  public static func finishedWeeks(since paperSince: LocalDate?, clock: SchoolClock)
    -> [SchoolWeek]
  {
    guard let paperSince else { return [] }
    var week = SchoolWeek(containing: paperSince)
    if week.monday < paperSince { week = week.next }
    var weeks: [SchoolWeek] = []
    while clock.hasFinished(week) {
      weeks.append(week)
      week = week.next
    }
    return weeks
  }

  /// The dates on which recipients must be known to decide `weeks`: each week's last study day
  /// of every grade.
  public static func recipientDates(of weeks: [SchoolWeek], calendar: StudyCalendar) -> Set<
    LocalDate
  > {
    Set(weeks.flatMap { lastStudyDays(of: $0, calendar: calendar).values })
  }

  /// The sheets owed for `week`, sorted; `recipientsOn` must hold the recipients of every date
  /// in `recipientDates(of: [week], …)` (a date it lacks counts as having no recipients).
  public static func owed(
    in week: SchoolWeek, calendar: StudyCalendar, paperSince: LocalDate?,
    recipientsOn: [LocalDate: [Recipient]]
  ) -> [OwedSheet] {
    guard let paperSince, week.monday >= paperSince else { return [] }
    let lastDays = lastStudyDays(of: week, calendar: calendar)
    var owed: Set<OwedSheet> = []
    for day in Set(lastDays.values) {
      for recipient in recipientsOn[day] ?? [] where lastDays[recipient.grade] == day {
        owed.insert(
          OwedSheet(guardian: recipient.guardian, student: recipient.student, week: week))
      }
    }
    return owed.sorted()
  }

  /// The owed sheets of finished weeks among `weeks` that have no weekly issue, sorted.
  public static func missed(
    weeks: [SchoolWeek], calendar: StudyCalendar, paperSince: LocalDate?,
    recipientsOn: [LocalDate: [Recipient]], issued: Set<OwedSheet>, clock: SchoolClock
  ) -> [OwedSheet] {
    weeks.filter(clock.hasFinished).flatMap { week in
      owed(in: week, calendar: calendar, paperSince: paperSince, recipientsOn: recipientsOn)
        .filter { !issued.contains($0) }
    }.sorted()
  }
}
