import ArgumentParser
import PaperDiaryKit

extension FormKind: ExpressibleByArgument {}

/// `paperdiary forms`: the blank or pre-filled paper forms the office hands to families (R8).
struct FormsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "forms",
    abstract: "Print a refusal, annulment, student's consent or contacts form as a PDF.",
    discussion: """
      refusal: a guardian's written refusal of the e-diary, with the phrase regulation cl. 5 \
      requires word for word, the delivery method to tick and the contacts statement (cl. 4). \
      annulment: the annulment of a refusal, after which the e-diary resumes. student-consent: \
      a student's own written consent (14 or older, with a passport) to use the e-diary. \
      contacts: a guardian's statement of delivery method and contact details (cl. 4). Every \
      form has the office's registration line, signature and date lines and the legal basis. \
      Without --store the form is blank; with --store and --student the school, class and \
      names are filled in, with --guardian the guardian's too (and, on contacts, the delivery \
      method and documented address on record). The date is left for the signer. A pre-filled \
      form holds personal data, so its folder must be closed to group and others (chmod 700). \
      Warnings (a consent for a student under 14, a second refusal) go to stderr; the form is \
      still written.
      """)

  @Argument(help: "The form to print.")
  var kind: FormKind

  @Option(help: "The grade store to fill the form from (an SQLite file, mode 0600).")
  var store: String?

  @Option(help: "The student the form is about (a student_id); needs --store.")
  var student: String?

  @Option(help: "The guardian who signs it (a guardian_id of the student); needs --student.")
  var guardian: String?

  @OptionGroup var template: TemplateOption

  @Option(help: "The PDF file to write (mode 0600).")
  var out: String

  func validate() throws {
    if student != nil, store == nil {
      throw ValidationError("--student needs --store: the store the names come from")
    }
    if guardian != nil, student == nil {
      throw ValidationError("--guardian needs --student: the guardian of which student?")
    }
  }

  func run() throws {
    var options = FormsWorkflow.Options(kind: kind, out: out)
    options.store = store
    options.student = student
    options.guardian = guardian
    options.template = template.template
    let result = try Console.run { () throws(PaperDiaryError) in
      try FormsWorkflow.run(options)
    }
    for warning in result.warnings { Console.error(warning) }
    print(result.path)
  }
}
