import Foundation

/// Which final-results notices are owed and by when (R6; regulation cl. 6 «не позже суток»).
///
/// A final mark or an exam result is pending for guardian G when G was a recipient (R1) for
/// its student on the school's date of `recorded_at`, until a notice to G covers that version
/// of the row; a changed final mark (another value, or recorded again) is pending again. One
/// notice per (G, S) covers everything pending for them, and its deadline is the earliest
/// covered `recorded_at` + 24 h. Results recorded after `now` do not exist yet for a run at
/// `now`. The rule is pure: recipients come in per date, the time as a clock.
public enum PendingNotices {
  /// Cl. 6: a day.
  public static let window: TimeInterval = 86_400

  /// The school dates on which recipients must be known to decide `results`.
  public static func recipientDates(of results: [FinalResult], clock: SchoolClock) -> Set<
    LocalDate
  > {
    Set(results.filter { $0.recordedAt <= clock.now }.map { clock.localDate(of: $0.recordedAt) })
  }

  /// The notices owed at `clock.now`, by deadline, then student, then guardian.
  ///
  /// `covered` is every notice's coverage in ledger order; `recipientsOn` must hold the
  /// recipients of every date in `recipientDates(of:clock:)`.
  public static func pending(
    results: [FinalResult], covered: [NoticeCoverage], recipientsOn: [LocalDate: [Recipient]],
    clock: SchoolClock
  ) -> [PendingNotice] {
    // The latest coverage of each (guardian, row): an older notice of another value is stale.
    var latest: [CoverageKey: NoticeCoverage] = [:]
    for coverage in covered {
      latest[
        CoverageKey(
          guardian: coverage.guardian, student: coverage.student, kind: coverage.kind,
          key: coverage.key)] = coverage
    }
    var guardiansOn: [LocalDate: [StudentID: [GuardianID]]] = [:]
    for (date, recipients) in recipientsOn {
      for recipient in recipients {
        guardiansOn[date, default: [:]][recipient.student, default: []].append(recipient.guardian)
      }
    }
    var pending: [PairKey: [FinalResult]] = [:]
    for result in results where result.recordedAt <= clock.now {
      let date = clock.localDate(of: result.recordedAt)
      for guardian in guardiansOn[date]?[result.student] ?? [] {
        let key = CoverageKey(
          guardian: guardian, student: result.student, kind: result.kind, key: result.key)
        if latest[key]?.covers(result) == true { continue }
        pending[PairKey(guardian: guardian, student: result.student), default: []].append(result)
      }
    }
    return pending.map { pair, items in
      let ordered = items.sorted {
        ($0.recordedAt, $0.kind.rawValue, $0.key) < ($1.recordedAt, $1.kind.rawValue, $1.key)
      }
      let earliest = ordered.first?.recordedAt ?? clock.now
      return PendingNotice(
        guardian: pair.guardian, student: pair.student, items: ordered,
        deadline: earliest.addingTimeInterval(window))
    }.sorted {
      if $0.deadline != $1.deadline { return $0.deadline < $1.deadline }
      if $0.student != $1.student { return $0.student < $1.student }
      return $0.guardian < $1.guardian
    }
  }

  private struct PairKey: Hashable {
    let guardian: GuardianID
    let student: StudentID
  }

  private struct CoverageKey: Hashable {
    let guardian: GuardianID
    let student: StudentID
    let kind: FinalResult.Kind
    let key: String
  }
}
