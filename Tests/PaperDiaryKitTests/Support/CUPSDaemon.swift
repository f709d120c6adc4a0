import Foundation

/// A private CUPS scheduler for one test, with one queue whose printer keeps every job as a PDF
/// in `outputFolder`.
///
/// Everything lives in one temporary folder: configuration, spool, cache, state, logs, the
/// printcap, the socket `lp` reaches through `CUPS_SERVER`, and the backend. Nothing global is
/// read or written: no TCP port, no browsing, no D-Bus (so no colord devices), and the system's
/// cupsd, running or not, is never contacted.
///
/// Why not the cups-pdf backend itself: it reads its settings only from `/etc/cups`
/// (`cups-pdf.conf`, or `cups-pdf-<name>.conf` for `cups-pdf:/<name>`; the path is compiled in)
/// and writes to `~/PDF` and `/var/spool/cups-pdf` otherwise. Its settings can also come from the
/// queue's PPD, but libcups cuts a PPD default at the first `/`, so no path survives; a relative
/// path would land wherever cupsd's working directory is. Pointing it at this folder would mean
/// writing into `/etc/cups` and restoring it, which a killed test cannot do. So the queue keeps
/// cups-pdf's PPD (`CUPS-PDF_opt.ppd`, a PostScript printer: CUPS runs the same filters as for a
/// real cups-pdf queue) and a private `ServerBin` holds a small backend that does what cups-pdf
/// does with that PostScript: Ghostscript's `pdfwrite`, into `outputFolder`. The other
/// `ServerBin` folders (filters, drivers) link to the system's.
final class CUPSDaemon {
  static let queue = "PaperDiaryTest"
  static let ppd = "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd"

  let folder: URL
  /// Where the test printer writes `job-<id>.pdf`, and `job-<id>.txt`: the job's title and its
  /// options line as the backend received them.
  let outputFolder: URL
  let socket: String
  private let process: Process
  private var stopped = false

  /// The environment that sends `lp` and `lpstat` to this scheduler.
  var environment: [String: String] {
    var environment = ProcessInfo.processInfo.environment
    environment["CUPS_SERVER"] = socket
    environment["PATH"] = Self.searchPath
    return environment
  }

  // MARK: - Can it run here?

  /// Why a private cupsd cannot run on this machine, or nil when it can.
  static let unavailableReason: String? = {
    let install = "install with `apt-get install cups cups-client printer-driver-cups-pdf`"
    guard getuid() == 0 else {
      return "needs root: the private cupsd runs its filters as `lp` and its backend as root"
    }
    for name in ["cupsd", "lpadmin", "lp", "lpstat", "gs", "pdfinfo"] where tool(name) == nil {
      return "`\(name)` is not installed; \(install) (and poppler-utils for pdfinfo)"
    }
    guard systemServerBin != nil else { return "no CUPS filters (pdftops) found; \(install)" }
    guard FileManager.default.fileExists(atPath: ppd) else {
      return "\(ppd) is missing; \(install)"
    }
    if let profiles = try? String(
      contentsOfFile: "/sys/kernel/security/apparmor/profiles", encoding: .utf8),
      profiles.contains("/usr/sbin/cupsd (enforce)")
    {
      return "AppArmor confines /usr/sbin/cupsd to the system's folders"
    }
    return nil
  }()

  /// `PATH` plus the sbin folders, where Debian puts cupsd and lpadmin.
  static let searchPath: String = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path + ":/usr/local/sbin:/usr/sbin:/sbin"
  }()

  static func tool(_ name: String) -> String? {
    searchPath.split(separator: ":").map { "\($0)/\(name)" }
      .first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  /// The system's CUPS program folder, found by its PDF-to-PostScript filter.
  static let systemServerBin: String? = ["/usr/lib/cups", "/usr/libexec/cups"].first {
    FileManager.default.isExecutableFile(atPath: "\($0)/filter/pdftops")
  }

  // MARK: - Life cycle

  /// Runs `body` with a fresh scheduler and queue; stops the scheduler and removes its folder
  /// afterwards, whether `body` returns or throws.
  static func with<T>(_ body: (CUPSDaemon) async throws -> T) async throws -> T {
    let daemon = try await start()
    defer { daemon.stop() }
    return try await body(daemon)
  }

  /// Makes the folder, starts cupsd on it and adds the queue.
  static func start() async throws -> CUPSDaemon {
    // Under /tmp rather than $TMPDIR: the filters run as `lp` and must reach the spool, and a
    // Unix socket path may not be longer than 107 bytes.
    let folder = try makeFolder()
    do {
      let daemon = try CUPSDaemon(folder: folder)
      do {
        try await daemon.waitUntilRunning()
        try daemon.addQueue()
        return daemon
      } catch {
        daemon.stop()
        throw error
      }
    } catch {
      try? FileManager.default.removeItem(at: folder)
      throw error
    }
  }

  private init(folder: URL) throws {
    self.folder = folder
    outputFolder = folder.appendingPathComponent("out")
    socket = folder.appendingPathComponent("cups.sock").path
    try Self.writeConfiguration(in: folder)
    process = Process()
    process.executableURL = URL(fileURLWithPath: try Self.require("cupsd"))
    process.arguments = [
      "-f", "-c", folder.appendingPathComponent("cupsd.conf").path,
      "-s", folder.appendingPathComponent("cups-files.conf").path,
    ]
    var environment = ProcessInfo.processInfo.environment
    environment["DBUS_SYSTEM_BUS_ADDRESS"] = "unix:path=\(folder.path)/no-dbus"
    for name in ["NOTIFY_SOCKET", "LISTEN_FDS", "LISTEN_PID", "CUPS_SERVER"] {
      environment[name] = nil
    }
    process.environment = environment
    process.currentDirectoryURL = folder
    process.standardInput = FileHandle.nullDevice
    let log = folder.appendingPathComponent("log/cupsd.out")
    guard FileManager.default.createFile(atPath: log.path, contents: nil) else {
      throw Failure("cannot create \(log.path)")
    }
    let handle = try FileHandle(forWritingTo: log)
    process.standardOutput = handle
    process.standardError = handle
    try Self.withSignalsUnblocked { try process.run() }
    try handle.close()
  }

  /// Runs `body` with no signal blocked on this thread. A child inherits its parent thread's
  /// signal mask, `Process.run()` spawns from the calling thread, and tests run on Dispatch
  /// threads, which block nearly every signal; cupsd does not unblock them, so it would never
  /// see `terminate()`'s SIGTERM.
  private static func withSignalsUnblocked<T>(_ body: () throws -> T) rethrows -> T {
    var none = sigset_t()
    var previous = sigset_t()
    sigemptyset(&none)
    pthread_sigmask(SIG_SETMASK, &none, &previous)
    defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
    return try body()
  }

  /// Stops cupsd (SIGTERM; SIGKILL after ten seconds), waits for it and removes the folder.
  func stop() {
    guard !stopped else { return }
    stopped = true
    if process.isRunning {
      process.terminate()
      let deadline = ContinuousClock.now + .seconds(10)
      while process.isRunning && ContinuousClock.now < deadline {
        Thread.sleep(forTimeInterval: 0.05)
      }
      if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
    process.waitUntilExit()
    try? FileManager.default.removeItem(at: folder)
  }

  deinit { stop() }

  // MARK: - Waiting

  /// Polls until `count` jobs have arrived as PDFs, or fails after `timeout` with what the
  /// scheduler logged.
  func printedFiles(count: Int, timeout: Duration = .seconds(60)) async throws -> [URL] {
    let deadline = ContinuousClock.now + timeout
    while true {
      let files = try FileManager.default.contentsOfDirectory(
        at: outputFolder, includingPropertiesForKeys: nil
      )
      .filter { $0.pathExtension == "pdf" }
      .sorted { $0.lastPathComponent < $1.lastPathComponent }
      if files.count >= count { return files }
      guard ContinuousClock.now < deadline else {
        throw Failure(
          "\(files.count) of \(count) jobs printed within \(timeout); cupsd said:\n" + logTail())
      }
      try await Task.sleep(for: .milliseconds(200))
    }
  }

  /// What the test backend recorded for job `id`: its title and its options line.
  func jobRecord(_ id: Int) throws -> (title: String, options: String) {
    let text = try String(
      contentsOf: outputFolder.appendingPathComponent("job-\(id).txt"), encoding: .utf8)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    return (lines.first ?? "", lines.dropFirst().first ?? "")
  }

  /// The end of cupsd's error log and of what it printed, for a failure message.
  func logTail(lines: Int = 40) -> String {
    ["log/error_log", "log/cupsd.out"].map { name in
      let text =
        (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)) ?? ""
      return "== \(name)\n" + text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }.joined(separator: "\n")
  }

  private func waitUntilRunning() async throws {
    let deadline = ContinuousClock.now + .seconds(20)
    while true {
      guard process.isRunning else {
        throw Failure(
          "cupsd exited with status \(process.terminationStatus) at start:\n" + logTail())
      }
      if FileManager.default.fileExists(atPath: socket),
        try run("lpstat", ["-r"]).output.contains("scheduler is running")
      {
        return
      }
      guard ContinuousClock.now < deadline else {
        throw Failure("cupsd did not answer on \(socket) within 20 s:\n" + logTail())
      }
      try await Task.sleep(for: .milliseconds(100))
    }
  }

  private func addQueue() throws {
    let result = try run(
      "lpadmin", ["-p", Self.queue, "-E", "-v", "paperdiary:/", "-P", Self.ppd])
    guard result.status == 0 else {
      throw Failure("lpadmin failed (\(result.status)): \(result.output)\n" + logTail())
    }
  }

  /// Runs a CUPS client against this scheduler; status and stdout with stderr.
  func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try Self.require(tool))
    process.arguments = arguments
    var environment = self.environment
    environment["LC_ALL"] = "C.UTF-8"
    process.environment = environment
    process.standardInput = FileHandle.nullDevice
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  // MARK: - Files

  private static func makeFolder() throws -> URL {
    var template = Array("/tmp/paperdiary-cups-XXXXXX".utf8CString)
    let made = template.withUnsafeMutableBufferPointer { buffer in
      buffer.baseAddress.map { mkdtemp($0) != nil } ?? false
    }
    guard made else { throw Failure("mkdtemp in /tmp: \(String(cString: strerror(errno)))") }
    let path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    // cupsd runs filters as `lp`; they read the job files in the spool below this folder.
    guard chmod(path, 0o755) == 0 else { throw Failure("chmod \(path) failed") }
    return URL(fileURLWithPath: path)
  }

  private static func writeConfiguration(in folder: URL) throws {
    let base = folder.path
    guard !base.contains("'"), let serverBin = systemServerBin else {
      throw Failure("unusable folder \(base) or no CUPS filters")
    }
    let manager = FileManager.default
    for sub in ["root/ppd", "spool/tmp", "cache", "state", "log", "out", "bin/backend"] {
      try manager.createDirectory(
        atPath: "\(base)/\(sub)", withIntermediateDirectories: true,
        attributes: [.posixPermissions: 0o755])
    }
    for sub in ["filter", "cgi-bin", "daemon", "driver", "monitor", "notifier"] {
      try manager.createSymbolicLink(
        atPath: "\(base)/bin/\(sub)", withDestinationPath: "\(serverBin)/\(sub)")
    }
    let cupsd = """
      LogLevel debug
      Listen \(base)/cups.sock
      Browsing No
      BrowseLocalProtocols none
      WebInterface No
      DefaultAuthType None
      <Location />
        Order allow,deny
        Allow all
      </Location>
      <Policy default>
        <Limit All>
          Order deny,allow
        </Limit>
      </Policy>

      """
    let files = """
      ServerRoot \(base)/root
      ServerBin \(base)/bin
      RequestRoot \(base)/spool
      TempDir \(base)/spool/tmp
      CacheDir \(base)/cache
      StateDir \(base)/state
      AccessLog \(base)/log/access_log
      ErrorLog \(base)/log/error_log
      PageLog \(base)/log/page_log
      Printcap \(base)/printcap

      """
    try cupsd.write(toFile: "\(base)/cupsd.conf", atomically: false, encoding: .utf8)
    try files.write(toFile: "\(base)/cups-files.conf", atomically: false, encoding: .utf8)
    try writeBackend(in: folder, ghostscript: require("gs"))
  }

  /// The test printer. Mode 0700: cupsd runs a backend that others cannot execute as root, as
  /// it runs cups-pdf. It writes the record first and renames the PDF into place last, so a
  /// PDF that can be seen is complete.
  private static func writeBackend(in folder: URL, ghostscript: String) throws {
    let out = "\(folder.path)/out"
    let script = """
      #!/bin/sh
      # PaperDiary's test printer: each job as a PDF in \(out).
      if [ $# -eq 0 ]; then
        echo 'file paperdiary:/ "Unknown" "PaperDiary test printer"'
        exit 0
      fi
      if [ $# -ge 6 ]; then input="$6"; else input=-; fi
      printf '%s\\n%s\\n' "$3" "$5" > '\(out)/job-'"$1"'.txt' || exit 1
      '\(ghostscript)' -q -dNOPAUSE -dBATCH -dSAFER -sDEVICE=pdfwrite \\
        -sOutputFile='\(out)/job-'"$1"'.part' "$input" || exit 1
      mv '\(out)/job-'"$1"'.part' '\(out)/job-'"$1"'.pdf'

      """
    let path = "\(folder.path)/bin/backend/paperdiary"
    try script.write(toFile: path, atomically: false, encoding: .utf8)
    guard chmod(path, 0o700) == 0 else { throw Failure("chmod \(path) failed") }
  }

  private static func require(_ name: String) throws -> String {
    guard let path = tool(name) else { throw Failure("`\(name)` is not installed") }
    return path
  }

  /// A set-up failure with a message that says what went wrong.
  struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
  }
}
