import DiaryRules
import Foundation
import GradeStore
import SheetRendering

/// The four forms of `paperdiary forms`, by the names the command line takes.
public typealias FormKind = FormDocument.Kind

/// `paperdiary forms`: the paper forms of R8 (regulation cl. 4, 5) as one PDF — blank, or
/// pre-filled from the store when a student (and a guardian) are named.
///
/// A blank form may go to any folder; a pre-filled one carries personal data, so its folder
/// must be closed to group and others like every other output (R9).
public enum FormsWorkflow {
  public struct Options: Sendable {
    public var kind: FormKind
    /// The file to write.
    public var out: String
    public var store: String?
    public var student: String?
    public var guardian: String?
    public var template: String?

    public init(kind: FormKind, out: String) {
      self.kind = kind
      self.out = out
    }
  }

  /// What was written, and what the office should know before handing the form over.
  public struct Result: Sendable {
    /// The PDF's absolute path.
    public let path: String
    public let pages: Int
    /// Whether names from the store are printed on it.
    public let prefilled: Bool
    /// One line each, for stderr: the form can be made but the paper it becomes may be refused.
    public let warnings: [String]
  }

  /// The words of regulation cl. 5 that a written refusal must hold. A Russian template that
  /// lost them would print refusals the school cannot rely on, so it is refused.
  static let mandatoryPhrase =
    "родитель (законный представитель) проинформирован о том, что отказ от получения данной "
    + "услуги в электронном виде влечет за собой предоставление информации о текущей "
    + "успеваемости не чаще 1 раза в неделю, а также невозможность получения информации о "
    + "домашних заданиях с помощью сети Интернет (в этом случае информацию о домашних заданиях "
    + "ученик записывает самостоятельно на каждом занятии)"

  public static func run(_ options: Options, clock: Date = Date()) throws(PaperDiaryError)
    -> Result
  {
    guard options.student != nil || options.guardian == nil else {
      throw PaperDiaryError(.usage, "--guardian needs --student: the guardian of which student?")
    }
    guard options.store != nil || options.student == nil else {
      throw PaperDiaryError(.usage, "--student needs --store: the store the names come from")
    }
    do {
      var form = FormDocument(kind: options.kind)
      var warnings: [String] = []
      let template: Template
      if let path = options.store {
        let (store, settings) = try OpenStore.withSettings(path)
        template = try WeeklyWorkflow.loadTemplate(options.template ?? settings.template)
        form.school = settings.name
        if let student = options.student {
          warnings = try prefill(
            &form, store: store, student: StudentID(student),
            guardian: options.guardian.map { GuardianID($0) },
            today: SchoolClock(now: clock, zone: settings.zone).today)
        }
      } else {
        template = try WeeklyWorkflow.loadTemplate(options.template)
      }
      try checkPhrase(template, kind: options.kind)
      let prefilled = form.student != nil
      let url = try target(options.out, prefilled: prefilled)
      let renderer = DocumentRenderer(template: template)
      let rendered = try renderer.render(
        FormLayout(template: template).document(form), name: url.path)
      try DurableFile.write(rendered.bytes, to: url)
      try DurableFile.syncFolder(url.deletingLastPathComponent())
      return Result(
        path: url.path, pages: rendered.pages, prefilled: prefilled, warnings: warnings)
    } catch let error as PaperDiaryError {
      throw error
    } catch let error as StoreError {
      throw PaperDiaryError(error)
    } catch {
      throw PaperDiaryError(.failure, "forms \(options.kind.rawValue): \(error)")
    }
  }

  // MARK: - Pre-filling

  /// Fills `form` from the store; unknown or unlinked ids are bad input. Returns warnings.
  private static func prefill(
    _ form: inout FormDocument, store: GradeStore, student id: StudentID, guardian: GuardianID?,
    today: LocalDate
  ) throws -> [String] {
    guard let parties = try store.formParties(student: id) else {
      throw PaperDiaryError(
        .badInput,
        "--student \(id): no such student in the store (students.csv: student_id); check the id")
    }
    let student = parties.student
    form.student = student.name
    form.className = student.className
    form.homeroomTeacher = student.homeroomTeacher
    form.birthDate = student.facts.birthDate
    var warnings: [String] = []
    if let left = student.facts.leftOn, left <= today {
      warnings.append("warning: student \(id) left the school on \(left.iso)")
    }
    var linked: FormParties.Guardian?
    if let guardian {
      guard let found = parties.guardian(guardian) else {
        guard try store.hasGuardian(guardian) else {
          throw PaperDiaryError(
            .badInput,
            "--guardian \(guardian): no such guardian in the store (guardians.csv: guardian_id); "
              + "check the id")
        }
        let known = parties.guardians.map(\.id.rawValue).joined(separator: ", ")
        throw PaperDiaryError(
          .badInput,
          "--guardian \(guardian) is not a guardian of student \(id) (student_guardians.csv); "
            + (known.isEmpty ? "the student has no guardian on record" : "theirs: \(known)"))
      }
      if let until = found.until, until < today {
        warnings.append(
          "warning: guardian \(guardian) was a guardian of student \(id) only until \(until.iso)")
      }
      form.guardian = found.name
      linked = found
    }
    switch form.kind {
    case .refusal:
      if let guardian, let latest = try latestDecision(store, guardian, id), latest.kind == .refusal
      {
        warnings.append(
          "warning: guardian \(guardian) already refused for student \(id) "
            + "(\(latest.documentRef), \(latest.signedOn.iso)): a second refusal changes nothing")
      }
    case .annulment:
      guard let guardian else { break }
      let latest = try latestDecision(store, guardian, id)
      guard let latest, latest.kind == .refusal else {
        let what =
          latest.map {
            "its latest document is the annulment \($0.documentRef) of \($0.signedOn.iso)"
          }
          ?? "no refusal is recorded"
        throw PaperDiaryError(
          .badInput,
          "guardian \(guardian) has no refusal in force for student \(id) (\(what)): "
            + "there is nothing to annul; check `paperdiary registry list --student \(id)`")
      }
      form.refusal = .init(signedOn: latest.signedOn, reference: latest.documentRef)
    case .studentConsent:
      let facts = student.facts
      if !facts.isAtLeast14(on: today) {
        warnings.append(
          "warning: student \(id) (born \(facts.birthDate.iso)) is under 14 today: a consent "
            + "signed before the 14th birthday is refused (R2)")
      }
      if !facts.hasPassport {
        warnings.append(
          "warning: student \(id) has no passport on record (students.csv: passport = no): "
            + "a consent needs one (R2)")
      }
    case .contacts:
      guard let linked else { break }
      form.delivery = linked.delivery
      // R7: a contact is used only when the document it came from is known.
      if linked.contactSource.isDocumented {
        form.address = linked.address
        form.contactDocument = linked.contactDocument
      }
    }
    return warnings
  }

  /// The pair's latest refusal or annulment in registry order, if any.
  private static func latestDecision(
    _ store: GradeStore, _ guardian: GuardianID, _ student: StudentID
  ) throws -> RegistryEntry? {
    try store.registryDocuments(student: student).last {
      $0.guardianID == guardian && $0.kind != .studentConsent
    }
  }

  // MARK: - Checks and the file

  private static func checkPhrase(_ template: Template, kind: FormKind) throws(PaperDiaryError) {
    guard kind == .refusal, template.language == "ru" else { return }
    let squeezed = { (text: String) in
      text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
    guard squeezed(template.text(.formsRefusalInformed)).contains(squeezed(mandatoryPhrase))
    else {
      throw PaperDiaryError(
        .badInput,
        "\(template.file): forms.refusal_informed: must hold the phrase of regulation cl. 5 word "
          + "for word («родитель (законный представитель) проинформирован о том, что …»)")
    }
  }

  /// The absolute URL of `out`, its folder made ready: created 0700 when missing, and, for a
  /// pre-filled form, refused when group or others can open it (R9).
  private static func target(_ out: String, prefilled: Bool) throws(PaperDiaryError) -> URL {
    let url = URL(fileURLWithPath: out).standardizedFileURL
    var isFolder: ObjCBool = false
    if out.hasSuffix("/")
      || (FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder)
        && isFolder.boolValue)
    {
      throw PaperDiaryError(
        .usage, "--out \(out): is a folder; give the PDF's file name, e.g. \(out)/refusal.pdf")
    }
    let folder = url.deletingLastPathComponent()
    if prefilled || !FileManager.default.fileExists(atPath: folder.path) {
      try OutputFolder.ensureFolder(folder)
    }
    return url
  }
}
