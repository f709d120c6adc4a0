import ArgumentParser

/// `--store F`, shared by every command that reads or writes the grade store.
struct StoreOption: ParsableArguments {
  @Option(name: .long, help: "The grade store (an SQLite file, mode 0600).")
  var store: String
}
