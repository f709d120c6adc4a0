import DiaryRules
import Foundation
import GradeStore

/// `OUT/<week>/` of §5: `sheets/`, `print/`, `register/` and `manifest.json`, all 0700/0600.
/// File names carry PaperDiary's own ids only (R9).
struct WeekFolder: Sendable {
  let root: URL
  var sheets: URL { root.appendingPathComponent("sheets") }
  var print: URL { root.appendingPathComponent("print") }
  var register: URL { root.appendingPathComponent("register") }
  var manifest: URL { root.appendingPathComponent("manifest.json") }
  /// `sheets/`, `print/` and `register/`.
  var subfolders: [URL] { [sheets, print, register] }

  /// `OUT/<week>` for `--out` as given.
  init(out: String, week: SchoolWeek) {
    root = URL(fileURLWithPath: out).standardizedFileURL.appendingPathComponent(week.description)
  }

  /// Takes the week's locks and makes its folders (§5): the store's lock on the week first,
  /// then, under it, the checks (`check`), the folder's lock (which makes the folder) and the
  /// subfolders. Release them with `HeldWeekFolder.release`.
  static func lock(
    out: String, week: SchoolWeek, store: GradeStore, onWait: (String) -> Void
  ) throws(PaperDiaryError) -> HeldWeekFolder {
    let weekLock = try WeekLock.acquire(
      store: store.path, scope: week.description, onWait: onWait)
    do {
      let folder = WeekFolder(out: out, week: week)
      let made = missingFolders(upTo: folder.root)
      try check(folder, out: out, week: week, store: store)
      // The lock makes the week's folder, again if a run of another store that made it failed
      // and took it away while this one waited; its subfolders are made under the lock.
      let folderLock = try WeekLock.acquire(folder: folder.root, onWait: onWait)
      for url in folder.subfolders { try OutputFolder.ensureFolder(url) }
      return HeldWeekFolder(
        folder: folder, storeLock: weekLock, folderLock: folderLock, made: made)
    } catch {
      weekLock.release()
      throw error
    }
  }

  /// The folders from the first missing one down to `folder`, outermost first; none when
  /// `folder` exists.
  private static func missingFolders(upTo folder: URL) -> [URL] {
    var missing: [URL] = []
    var url = folder
    while access(url.path, F_OK) != 0, errno == ENOENT, url.path != "/" {
      missing.insert(url, at: 0)
      url = url.deletingLastPathComponent()
    }
    return missing
  }

  /// Refuses an `out` other than the one the week's issues in `store` were made in, before
  /// anything is created, then makes (or checks) `out`: an existing folder that group or others
  /// can read is refused, naming the `chmod` to run. Under the store's lock on the week, so that
  /// no other run can issue the week elsewhere meanwhile.
  private static func check(
    _ folder: WeekFolder, out: String, week: SchoolWeek, store: GradeStore
  ) throws(PaperDiaryError) {
    try refuseAnother(
      folder, week: week,
      issuedFile: try PaperDiaryError.wrap { () throws(StoreError) in
        try store.anyIssuedFile(week: week)
      })
    try OutputFolder.ensureFolder(URL(fileURLWithPath: out).standardizedFileURL)
  }

  /// Refuses `out` when `week` already has issues elsewhere (`issuedFile`, one of its ledger's
  /// files): a week's sheets, print files, registers and manifest belong in one folder, whose
  /// print files are joined from its sheets. The same folder reached by another path is
  /// accepted.
  private static func refuseAnother(_ folder: WeekFolder, week: SchoolWeek, issuedFile: String?)
    throws(PaperDiaryError)
  {
    guard let issuedFile else { return }
    // <out>/<week>/sheets/<issue>.pdf
    let issued = URL(fileURLWithPath: issuedFile).deletingLastPathComponent()
      .deletingLastPathComponent().standardizedFileURL
    let wanted = folder.root
    guard issued.path != wanted.path, !sameFolder(issued.path, wanted.path) else { return }
    throw PaperDiaryError(
      .badInput,
      "\(week) was issued into \(issued.path), and its sheets, print files, registers and "
        + "manifest stay together there: run again with --out "
        + "\(issued.deletingLastPathComponent().path); nothing was written")
  }

  private static func sameFolder(_ one: String, _ other: String) -> Bool {
    var first = stat()
    var second = stat()
    guard stat(one, &first) == 0, stat(other, &second) == 0 else { return false }
    return first.isSameFile(as: second)
  }

  func sheet(_ issueID: String) -> URL { sheets.appendingPathComponent(issueID + ".pdf") }

  /// `print/class-<n>.pdf`, `register/class-<n>.pdf`: the store's number, never an imported id.
  func printFile(classNumber: Int) -> URL {
    root.appendingPathComponent(Self.printPath(classNumber: classNumber))
  }

  func registerFile(classNumber: Int) -> URL {
    root.appendingPathComponent(Self.registerPath(classNumber: classNumber))
  }

  /// The same files as the manifest names them, relative to `OUT/<week>/` (made without
  /// `URL`, which costs more than the rest of a manifest's frame).
  static func printPath(classNumber: Int) -> String { "print/class-\(classNumber).pdf" }

  static func registerPath(classNumber: Int) -> String { "register/class-\(classNumber).pdf" }

  /// A path as the manifest gives it: relative to `OUT/<week>/`.
  func relative(_ url: URL) -> String {
    let prefix = root.path + "/"
    return url.path.hasPrefix(prefix) ? String(url.path.dropFirst(prefix.count)) : url.path
  }

  /// What a run that died left behind (§5): every `*.tmp`, and every PDF under `sheets/` that
  /// is not `<issue_id>.pdf` of an issue in `recorded` (the ledger's ids of the week). Call only
  /// under the week's lock. Returns how many files went.
  @discardableResult
  func removeLeftovers(recorded: Set<String>) throws(PaperDiaryError) -> Int {
    try LeftoverFiles.remove(
      in: [root] + subfolders, unrecordedPDFsIn: sheets, recorded: recorded)
  }

  /// What a run that died left, found without listing `sheets/`: every `*.tmp` of the other
  /// folders, and the sheets of the ids in `reserved` (reserved, never recorded). Call only
  /// under the week's lock. Returns how many files went.
  @discardableResult
  func removeLeftovers(reserved: [String]) throws(PaperDiaryError) -> Int {
    var removed = try LeftoverFiles.remove(in: [root, print, register])
    for issueID in reserved where try LeftoverFiles.remove(file: sheet(issueID).path) {
      removed += 1
    }
    return removed
  }
}

/// A week's folder with the run's locks on it (`WeekFolder.lock`), and the folders the run
/// made to get it.
struct HeldWeekFolder {
  let folder: WeekFolder
  /// The store's lock on the week, and the folder's (its file in the week's folder).
  let storeLock: WeekLock
  let folderLock: WeekLock
  /// `--out`'s missing parents, `--out` and the week's folder, when this run made them.
  let made: [URL]

  /// Lets the next run in. A run that made the week's folder and left nothing in it (bad input
  /// found under the lock: an unknown guardian, a store changed outside PaperDiary) first takes
  /// away what it made, so that refused input changes nothing on disk. The lock file goes
  /// while still held: a run of another store waiting on it makes the folder again
  /// (`WeekLock.acquire(folder:)`).
  func release() {
    if made.last == folder.root, isUnused() {
      for url in folder.subfolders { rmdir(url.path) }
      unlink(folderLock.path)
      // Outermost last; a folder that holds anything else stays, and so do its parents.
      for url in made.reversed() {
        guard rmdir(url.path) == 0 else { break }
      }
    }
    folderLock.release()
    storeLock.release()
  }

  /// Whether the week's folder holds only its lock file and empty subfolders.
  private func isUnused() -> Bool {
    let files = FileManager.default
    let expected =
      folder.subfolders.map(\.lastPathComponent) + [
        URL(fileURLWithPath: folderLock.path).lastPathComponent
      ]
    guard let entries = try? files.contentsOfDirectory(atPath: folder.root.path),
      Set(entries).isSubset(of: Set(expected))
    else { return false }
    return folder.subfolders.allSatisfy { url in
      (try? files.contentsOfDirectory(atPath: url.path))?.isEmpty ?? true
    }
  }
}
