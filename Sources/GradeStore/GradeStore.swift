import CSQLiteConfig
import Foundation
import GRDB
import GRDBSQLite

/// The grade store: one SQLite file, reached through GRDB, holding everything imported, the
/// registry of documents and the ledger of issued sheets.
///
/// The file is created with mode 0600 and a store that group or others can read is refused
/// (R9). The connection runs in WAL mode with foreign keys on.
public final class GradeStore: Sendable {
  public let path: String
  let pool: DatabasePool

  /// Opens an existing store, migrating it to the current schema.
  public convenience init(path: String) throws(StoreError) {
    try self.init(path: path, create: false)
  }

  /// Creates a new store (mode 0600); opening an existing store this way just migrates it.
  public static func create(path: String) throws(StoreError) -> GradeStore {
    try GradeStore(path: path, create: true)
  }

  private init(path: String, create: Bool) throws(StoreError) {
    let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
    self.path = absolute
    var info = stat()
    if stat(absolute, &info) == 0 {
      let mode = Int(info.st_mode) & 0o777
      if mode & 0o077 != 0 { throw .loosePermissions(path: path, mode: mode) }
    } else if create {
      let fd = open(absolute, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
      guard fd >= 0 else {
        throw .notAStore(path: path, reason: String(cString: strerror(errno)))
      }
      close(fd)
    } else {
      throw .missing(path: path)
    }
    _ = Self.sqliteConfigured
    var config = Configuration()
    config.foreignKeysEnabled = true
    config.busyMode = .timeout(30)
    do {
      pool = try DatabasePool(path: absolute, configuration: config)
      // The pool puts its writer in WAL mode as it opens, and with it `synchronous = NORMAL`:
      // commits durable only at the next checkpoint. A ledger row must be on disk before its
      // sheet is handed out (a power cut must not let a sheet be issued twice), so every commit
      // syncs the WAL. Set here, once the pool is open: a `prepareDatabase` setting is undone.
      try pool.writeWithoutTransaction { db in
        try db.execute(sql: "PRAGMA synchronous = FULL")
      }
      try StoreMigrations.migrator.migrate(pool)
    } catch {
      throw .notAStore(path: path, reason: StoreError.wrap(error, "opening").description)
    }
  }

  /// SQLite's process-wide settings, made once before the first store opens. Memory statistics
  /// off: Debian's SQLite allocates every small object with `malloc` (no lookaside), and with
  /// statistics on each allocation takes one mutex shared by every connection in the process,
  /// which the rendering threads' readers and the committing writer then queue on. Nothing here
  /// reads those statistics. Should SQLite already be in use, the setting is left as it is.
  private static let sqliteConfigured: Bool = {
    paperdiary_sqlite_memory_statistics_off() == SQLITE_OK
  }()

  /// The latest import's id, or nil before the first import.
  public func latestImportID() throws(StoreError) -> Int64? {
    do {
      return try pool.read { db in
        try Int64.fetchOne(db, sql: "SELECT MAX(import_id) FROM imports")
      }
    } catch { throw StoreError.wrap(error, "reading the import log") }
  }
}
