import Foundation

#if FUZZING
  /// The folder each input is written to: one per fuzzing process, removed when it exits.
  let fuzzFolder: URL = {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("paperdiary-fuzz-template-\(getpid())")
    do {
      try TemplateFuzzTarget.prepare(folder)
    } catch {
      fatalError("cannot prepare \(folder.path): \(error)")
    }
    atexit { try? FileManager.default.removeItem(at: fuzzFolder) }
    return folder
  }()

  /// libFuzzer's entry (`make fuzz`): one input per call. A broken promise stops the run, and
  /// libFuzzer keeps the input as a crash artifact.
  @_cdecl("LLVMFuzzerTestOneInput")
  public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let outcome: TemplateFuzzTarget.Outcome
    do {
      outcome = try TemplateFuzzTarget.run(bytes, in: fuzzFolder)
    } catch {
      fatalError("cannot write the input: \(error)")
    }
    if let violation = outcome.violations.first { fatalError(violation) }
    return 0
  }
#else
  /// Built without libFuzzer, the target replays the files named on the command line and says
  /// what each did, so that a crash artifact can be looked at in a debugger.
  @main enum FuzzTemplateReplay {
    static func main() throws {
      let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("paperdiary-fuzz-template-\(getpid())")
      try TemplateFuzzTarget.prepare(folder)
      var failed = false
      for path in CommandLine.arguments.dropFirst() {
        guard let data = FileManager.default.contents(atPath: path) else {
          print("\(path): cannot be read")
          failed = true
          continue
        }
        let outcome = try TemplateFuzzTarget.run(Array(data), in: folder)
        print("\(path): " + (outcome.error.map { "refused: \($0)" } ?? "loaded"))
        for violation in outcome.violations { print("  violation: \(violation)") }
        failed = failed || !outcome.violations.isEmpty
      }
      try? FileManager.default.removeItem(at: folder)
      if failed { exit(1) }
    }
  }
#endif
