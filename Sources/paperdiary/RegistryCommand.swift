import ArgumentParser
import DiaryRules
import PaperDiaryKit

/// `paperdiary registry`: the refusals, annulments and consents that decide who gets paper.
struct RegistryCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "registry",
    abstract: "Record and list refusals, annulments and students' consents.",
    discussion: """
      The registry decides who gets paper (R1): a guardian's written refusal of the electronic \
      diary puts the pair (guardian, student) on paper, an annulment of it puts them back on \
      the e-diary, and a student of 14 or older with a passport may consent to use the \
      e-diary themselves while paper still goes to the refusing guardian (R2). Documents are \
      never changed or deleted. Output shows ids only, never names.
      """,
    subcommands: [Add.self, List.self])

  /// `registry add`: one paper handed in at the office.
  struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "add",
      abstract: "Record one refusal, annulment or student's consent.",
      discussion: """
        The document gets the import's checks, together with the stored documents: an \
        annulment needs a refusal before it, a refusal needs its signer to be the student's \
        guardian on that day, a consent needs a student of 14 or older with a passport and a \
        guardian who receives paper, and a document that would make a stored annulment or \
        consent invalid is refused. A refused document changes nothing and exits with 2; a \
        second refusal in a row is recorded with a warning. Prints one line: the document and \
        what the student now gets.
        """)

    @OptionGroup var store: StoreOption

    @Option(help: "The document's kind: refusal, annulment or student-consent.")
    var kind: String

    @Option(help: "The student the document is about (a student_id).")
    var student: String

    @Option(help: "The guardian who signed a refusal or annulment (none for a consent).")
    var guardian: String?

    @Option(
      name: .customLong("signed-on"),
      help: "The date the paper was signed: 2026-11-23 or 23.11.2026.")
    var signedOn: String

    @Option(help: "The school's reference of the paper, e.g. 'вх. № 118'.")
    var document: String

    @Option(
      name: .customLong("doc-id"),
      help: "The document's id (default: local-<n>, the next free number).")
    var docID: String?

    @Option(help: "Who records it (default: $SUDO_USER, else $USER).")
    var `operator`: String?

    func validate() throws {
      let parsed: DocumentKind
      do {
        parsed = try RegistryWorkflows.documentKind(kind)
        _ = try RegistryWorkflows.date(signedOn)
      } catch {
        throw ValidationError(error.description)
      }
      switch (parsed, guardian) {
      case (.refusal, nil), (.annulment, nil):
        throw ValidationError(
          "--guardian is required for a \(parsed.rawValue): the guardian who signed it")
      case (.studentConsent, .some):
        throw ValidationError(
          "a student's consent is signed by the student: leave out --guardian")
      default:
        break
      }
      if document.allSatisfy(\.isWhitespace) {
        throw ValidationError("--document is empty: give the school's reference of the paper")
      }
    }

    func run() throws {
      let addition = try Console.run { () throws(PaperDiaryError) in
        try RegistryWorkflows.add(
          store: store.store, kind: kind, student: student, guardian: guardian,
          signedOn: signedOn, document: document, docID: docID, operatorName: `operator`,
          onWait: { Console.error($0) })
      }
      for warning in addition.warnings { Console.error(warning) }
      print(addition.line)
    }
  }

  /// `registry list`: the registry in registry order.
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list",
      abstract: "List the registry's documents in registry order.",
      discussion: """
        Registry order is the signing date, then the order in which the store recorded the \
        documents. The state column is what the pair (guardian, student) gets right after a \
        refusal or annulment, paper or electronic, and valid for a student's consent. With \
        --json the list is a JSON array of {doc_id, kind, guardian_id, student_id, signed_on, \
        document_ref, recorded_at, state}.
        """)

    @OptionGroup var store: StoreOption

    @Option(help: "Only the documents of this student (a student_id).")
    var student: String?

    @Flag(help: "Print a JSON array instead of a table.")
    var json = false

    func run() throws {
      let entries = try Console.run { () throws(PaperDiaryError) in
        try RegistryWorkflows.list(store: store.store, student: student)
      }
      if json {
        print(RegistryWorkflows.json(entries))
      } else if entries.isEmpty {
        Console.error(
          "no registry documents" + (student.map { " for student '\($0)'" } ?? ""))
      } else {
        for line in RegistryWorkflows.table(entries) { print(line) }
      }
    }
  }
}
