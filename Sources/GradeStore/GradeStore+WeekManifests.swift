import DiaryRules
import GRDB

/// The state of a week that its manifest.json reflects: the week's ledger and runs as they
/// stood, and the import whose names put the sheets in print order.
public struct WeekState: Hashable, Sendable {
  /// The highest ledger row of the week (0 when none).
  public let ledgerSeq: Int64
  public let runs: Int
  public let importID: Int64?

  public init(ledgerSeq: Int64, runs: Int, importID: Int64?) {
    self.ledgerSeq = ledgerSeq
    self.runs = runs
    self.importID = importID
  }
}

/// What a week's manifest.json was last written from, and the size it was written with.
public struct ManifestMark: Hashable, Sendable {
  public let state: WeekState
  public let size: Int64

  public init(state: WeekState, size: Int64) {
    self.state = state
    self.size = size
  }
}

extension GradeStore {
  /// The week's state now: what a manifest written from the store now reflects.
  public func weekState(_ week: SchoolWeek) throws(StoreError) -> WeekState {
    do {
      return try pool.read { db in
        let row = try Row.fetchOne(
          db,
          sql: """
            SELECT (SELECT COALESCE(MAX(seq), 0) FROM ledger WHERE week = ?1),
              (SELECT COUNT(*) FROM runs WHERE week = ?1),
              (SELECT MAX(import_id) FROM imports)
            """, arguments: [week.description])
        return WeekState(ledgerSeq: row?[0] ?? 0, runs: row?[1] ?? 0, importID: row?[2])
      }
    } catch { throw StoreError.wrap(error, "reading the state of \(week)") }
  }

  /// What the week's manifest.json was last written from; nil when nothing is recorded.
  public func manifestMark(_ week: SchoolWeek) throws(StoreError) -> ManifestMark? {
    do {
      return try pool.read { db in
        try Row.fetchOne(
          db,
          sql: "SELECT ledger_seq, runs, import_id, size FROM week_manifests WHERE week = ?",
          arguments: [week.description]
        ).map { row in
          ManifestMark(
            state: WeekState(ledgerSeq: row[0], runs: row[1], importID: row[2]), size: row[3])
        }
      }
    } catch { throw StoreError.wrap(error, "reading what the manifest of \(week) holds") }
  }

  /// Records what the week's manifest.json, now in place, was written from.
  public func recordManifestMark(_ week: SchoolWeek, _ mark: ManifestMark) throws(StoreError) {
    do {
      try pool.write { db in
        try db.execute(
          sql: """
            INSERT INTO week_manifests (week, ledger_seq, runs, import_id, size)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (week) DO UPDATE SET ledger_seq = excluded.ledger_seq,
              runs = excluded.runs, import_id = excluded.import_id, size = excluded.size
            """,
          arguments: [
            week.description, mark.state.ledgerSeq, mark.state.runs, mark.state.importID,
            mark.size,
          ])
      }
    } catch { throw StoreError.wrap(error, "recording what the manifest of \(week) holds") }
  }
}
