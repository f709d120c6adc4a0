import DiaryRules
import GradeStore

/// Opens the store for a workflow that needs the school's settings, that is, one import done.
enum OpenStore {
  static func withSettings(_ path: String) throws -> (GradeStore, SchoolSettings) {
    let store = try GradeStore(path: path)
    return (store, try settings(of: store, at: path))
  }

  /// Opens the store for a run that issues: under the store's lock on its data, shared, so that
  /// no import or registry entry lands while the run reads whom to issue to and what. The
  /// caller holds the lock until its run ends.
  static func forIssuing(_ path: String, onWait: (String) -> Void) throws -> (
    GradeStore, SchoolSettings, WeekLock
  ) {
    let store = try GradeStore(path: path)
    let lock = try WeekLock.acquireData(store: store.path, changing: false, onWait: onWait)
    do {
      return (store, try settings(of: store, at: path), lock)
    } catch {
      lock.release()
      throw error
    }
  }

  /// Opens the store for a run that changes its data (an import, a registry entry): under the
  /// store's lock on its data, alone, so that it waits for the runs that are issuing and they
  /// wait for it. The caller holds the lock until its change is committed.
  static func forChanging(_ path: String, onWait: (String) -> Void) throws(PaperDiaryError) -> (
    GradeStore, WeekLock
  ) {
    let store: GradeStore
    do { store = try GradeStore(path: path) } catch { throw PaperDiaryError(error) }
    return (store, try WeekLock.acquireData(store: store.path, changing: true, onWait: onWait))
  }

  private static func settings(of store: GradeStore, at path: String) throws -> SchoolSettings {
    guard let settings = try store.settings() else {
      throw PaperDiaryError(
        .badInput, "\(path): the store holds no import yet; run paperdiary import")
    }
    return settings
  }
}
