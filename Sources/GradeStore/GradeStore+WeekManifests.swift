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

/// A manifest.json as it was put in place: the file (to know it again) and where its entries
/// lie, so that one class's entries can be replaced without reading the rest.
public struct ManifestLayout: Hashable, Sendable {
  public let size: Int64
  public let inode: Int64
  /// The file's modification time, in nanoseconds since 1970.
  public let modifiedNanoseconds: Int64
  /// The entries of `"sheets"`: from the first entry's `{` to the last one's `}`.
  public let sheets: Range<Int64>
  /// Each class's entries, likewise; consecutive classes are apart by `,\n    `.
  public let classes: [ClassID: Range<Int64>]

  public init(
    size: Int64, inode: Int64, modifiedNanoseconds: Int64, sheets: Range<Int64>,
    classes: [ClassID: Range<Int64>]
  ) {
    self.size = size
    self.inode = inode
    self.modifiedNanoseconds = modifiedNanoseconds
    self.sheets = sheets
    self.classes = classes
  }
}

/// What a week's manifest.json was last written from, and how it lies on disk.
public struct ManifestMark: Hashable, Sendable {
  public let state: WeekState
  public let layout: ManifestLayout
  /// The boot (`/proc/sys/kernel/random/boot_id`) in which it was put in place without a sync;
  /// nil when it was synced. After a restart such a file may not be what was written.
  public let unsyncedBoot: String?

  public init(state: WeekState, layout: ManifestLayout, unsyncedBoot: String?) {
    self.state = state
    self.layout = layout
    self.unsyncedBoot = unsyncedBoot
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
        guard
          let row = try Row.fetchOne(
            db,
            sql: """
              SELECT ledger_seq, runs, import_id, size, inode, modified_ns, sheets_from,
                sheets_to, unsynced_boot
              FROM week_manifests WHERE week = ?
              """, arguments: [week.description])
        else { return nil }
        var classes: [ClassID: Range<Int64>] = [:]
        let sections = try Row.fetchCursor(
          db, sql: "SELECT class_id, from_byte, to_byte FROM week_manifest_classes WHERE week = ?",
          arguments: [week.description])
        while let section = try sections.next() {
          let from: Int64 = section[1]
          let to: Int64 = section[2]
          guard from <= to else { return nil }
          classes[ClassID(section[0] as String)] = from..<to
        }
        let from: Int64 = row[6]
        let to: Int64 = row[7]
        guard from <= to else { return nil }
        return ManifestMark(
          state: WeekState(ledgerSeq: row[0], runs: row[1], importID: row[2]),
          layout: ManifestLayout(
            size: row[3], inode: row[4], modifiedNanoseconds: row[5], sheets: from..<to,
            classes: classes),
          unsyncedBoot: row[8])
      }
    } catch { throw StoreError.wrap(error, "reading what the manifest of \(week) holds") }
  }

  /// Records what the week's manifest.json, now in place, was written from and how it lies.
  public func recordManifestMark(_ week: SchoolWeek, _ mark: ManifestMark) throws(StoreError) {
    let layout = mark.layout
    do {
      try pool.write { db in
        try db.execute(
          sql: """
            INSERT OR REPLACE INTO week_manifests (week, ledger_seq, runs, import_id, size, inode,
              modified_ns, sheets_from, sheets_to, unsynced_boot)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
          arguments: [
            week.description, mark.state.ledgerSeq, mark.state.runs, mark.state.importID,
            layout.size, layout.inode, layout.modifiedNanoseconds, layout.sheets.lowerBound,
            layout.sheets.upperBound, mark.unsyncedBoot,
          ])
        try db.execute(
          sql: "DELETE FROM week_manifest_classes WHERE week = ?", arguments: [week.description])
        let insert = try db.cachedStatement(
          sql: """
            INSERT INTO week_manifest_classes (week, class_id, from_byte, to_byte)
            VALUES (?, ?, ?, ?)
            """)
        for (classID, bytes) in layout.classes {
          try insert.execute(arguments: [
            week.description, classID.rawValue, bytes.lowerBound, bytes.upperBound,
          ])
        }
      }
    } catch { throw StoreError.wrap(error, "recording what the manifest of \(week) holds") }
  }
}
