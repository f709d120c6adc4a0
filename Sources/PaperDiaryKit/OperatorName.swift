import Foundation

/// Who is running PaperDiary, for the ledger and the import log.
public enum OperatorName {
  /// `$SUDO_USER`, else `$USER`, else the login name of the process's user (DESIGN §6).
  public static func current(environment: [String: String] = ProcessInfo.processInfo.environment)
    -> String
  {
    for key in ["SUDO_USER", "USER"] {
      if let value = environment[key], !value.isEmpty { return value }
    }
    if let login = getlogin() { return String(cString: login) }
    if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name {
      return String(cString: name)
    }
    return "uid-\(geteuid())"
  }
}
