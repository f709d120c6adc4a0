import DiaryRules
import Foundation

/// `paperdiary sample`: writes a realistic import set (DESIGN §2) for a school of any size, so
/// the program can be demonstrated, tested end to end and benchmarked without real children's
/// data.
///
/// The set covers the school year that starts on 1 September on or before `today`: the roll,
/// families and guardians, the curriculum, the calendar, lessons to the end of the year, and
/// marks, attendance, final marks, exam results and registry documents up to `today`. It is
/// deterministic (the same options give the same bytes) and streams the journal class by
/// class, so 100 000 students take little memory.
public enum SampleGenerator {
  /// Writes the import set into `directory`, creating it (mode 0700) when it does not exist;
  /// an existing folder must be empty. Files are created with mode 0600.
  ///
  /// - Throws: `SampleError` for options out of range, a non-empty or unusable folder, or a
  ///   failed write.
  @discardableResult
  public static func write(_ options: SampleOptions, to directory: URL) throws -> SampleSummary {
    try options.validate()
    try prepare(directory)
    let calendar = SampleCalendar(today: options.today)
    let population = SamplePopulation(options: options, calendar: calendar)
    let registry = SampleRegistry(population: population, calendar: calendar, options: options)
    var files: [SampleSummary.FileRows] = []

    let school = try CSVWriter(directory: directory, name: "school.toml", header: [])
    school.literal(SampleSchoolFile.text(exportedOn: options.today))
    try school.close()
    files.append(SampleSummary.FileRows(file: "school.toml", rows: 1))

    files += try writeRoll(population, into: directory)
    files += try writeCalendar(calendar, into: directory)

    var journal = try SampleJournal(
      directory: directory, calendar: calendar, population: population, seed: options.seed)
    try journal.writeAll()
    for (writer, name) in [
      (journal.lessonsFile, "lessons.csv"), (journal.marksFile, "marks.csv"),
      (journal.attendanceFile, "attendance.csv"), (journal.finalMarksFile, "final_marks.csv"),
    ] {
      files.append(SampleSummary.FileRows(file: name, rows: writer.rows))
    }

    let exams = try CSVWriter(
      directory: directory, name: "exam_results.csv",
      header: ["result_id", "student_id", "exam", "date", "score", "mark", "recorded_at"])
    try SampleExams.write(
      to: exams, population: population, calendar: calendar, seed: options.seed)
    files += try closing([(exams, "exam_results.csv")])

    let documents = try CSVWriter(
      directory: directory, name: "registry.csv",
      header: ["doc_id", "kind", "guardian_id", "student_id", "signed_on", "document_ref"])
    try registry.write(to: documents, population: population, seed: options.seed)
    files += try closing([(documents, "registry.csv")])

    let enrolled = population.students.filter { $0.isEnrolled(on: options.today) }.count
    return SampleSummary(
      files: files, enrolledStudents: enrolled,
      studentsWithRecipient: registry.studentsWithRecipient(
        population: population, on: options.today))
  }

  // MARK: - Output folder

  /// Creates `directory` with mode 0700, or accepts it when it exists and is empty: a sample
  /// must never mix with, or overwrite, an office's real files.
  private static func prepare(_ directory: URL) throws {
    let manager = FileManager.default
    let path = directory.path
    var isDirectory: ObjCBool = false
    if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else { throw SampleError.notADirectory(path: path) }
      let contents: [String]
      do {
        contents = try manager.contentsOfDirectory(atPath: path)
      } catch {
        throw SampleError.io(operation: "list", path: path, reason: error.localizedDescription)
      }
      guard contents.isEmpty else { throw SampleError.directoryNotEmpty(path: path) }
      return
    }
    do {
      try manager.createDirectory(
        at: directory, withIntermediateDirectories: true,
        attributes: [.posixPermissions: 0o700])
    } catch {
      throw SampleError.io(operation: "create", path: path, reason: error.localizedDescription)
    }
  }
}
