import ArgumentParser

/// `--store F`, shared by every command that reads or writes the grade store.
struct StoreOption: ParsableArguments {
  @Option(name: .long, help: "The grade store (an SQLite file, mode 0600).")
  var store: String
}

/// `--template NAME|DIR`, on every command that draws.
struct TemplateOption: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "A template shipped with PaperDiary (ru, en) or a folder holding a template.toml.",
      valueName: "name|dir"))
  var template: String?
}

/// `--operator NAME`, recorded in the ledger.
struct OperatorOption: ParsableArguments {
  @Option(
    name: .customLong("operator"),
    help: "Who is issuing, for the ledger (default: $SUDO_USER, else $USER, else the login).")
  var operatorName: String?
}
