import Foundation
import GRDB
import GRDBSQLite
import Testing

@testable import GradeStore

/// SQLite's process-wide settings, made by the first store a process opens.
@Suite("SQLite's settings")
struct SQLiteSettingsTests {
  /// In a process of its own, where no other test has used SQLite yet: with the statistics on,
  /// opening a store and importing into it would have counted every allocation.
  @Test("the first store a process opens turns SQLite's memory statistics off")
  func memoryStatisticsOff() async {
    await #expect(processExitsWith: .success) {
      // The store and its temporary folder go before the process ends: `exit` runs no deinit.
      let counted: Int64 = try {
        let fixture = try ImportFixture()
        let store = try fixture.makeStore()
        try fixture.importSet(into: store)
        _ = try store.latestImportID()
        return sqlite3_memory_used()
      }()
      exit(counted == 0 ? EXIT_SUCCESS : EXIT_FAILURE)
    }
  }
}
