import GRDB
import GRDBSQLite

/// A prepared statement whose parameters are bound straight through SQLite's C API.
///
/// The import writes millions of rows; GRDB's `StatementArguments` box every value in an
/// existential and allocate an array per row, which cost more than SQLite's own work here.
/// Parameters are numbered from 1, as in SQL's `?`.
struct BulkStatement {
  private let statement: Statement
  private let handle: OpaquePointer

  init(_ db: Database, sql: String) throws {
    statement = try db.makeStatement(sql: sql)
    handle = statement.sqliteStatement
  }

  /// SQLite copies the bytes, so the Swift string may go away after the call.
  private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

  func bind(_ index: Int32, _ value: String?) {
    guard var value else {
      sqlite3_bind_null(handle, index)
      return
    }
    value.withUTF8 { bytes in
      _ = sqlite3_bind_text(
        handle, index,
        bytes.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
        Int32(bytes.count), Self.transient)
    }
  }

  func bind(_ index: Int32, _ value: Int64?) {
    guard let value else {
      sqlite3_bind_null(handle, index)
      return
    }
    sqlite3_bind_int64(handle, index, value)
  }

  func bind(_ index: Int32, _ value: Int?) { bind(index, value.map(Int64.init)) }

  func bind(_ index: Int32, _ value: Bool) { sqlite3_bind_int64(handle, index, value ? 1 : 0) }

  /// Runs the statement once with the values bound since the last run.
  func run(_ db: Database) throws {
    let code = sqlite3_step(handle)
    sqlite3_reset(handle)
    guard code == SQLITE_DONE else {
      throw DatabaseError(
        resultCode: ResultCode(rawValue: code),
        message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: statement.sql)
    }
  }
}
