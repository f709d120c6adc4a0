import DiaryRules
import Foundation

/// Instants as the store keeps them: UTC text `YYYY-MM-DDTHH:MM:SSZ`, which sorts as it compares.
enum Instant {
  static func stamp(_ date: Date) -> String {
    let seconds = Int(date.timeIntervalSince1970.rounded(.down))
    let day = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    let rest = seconds - day * 86_400
    let date = LocalDate(dayNumber: day)
    return date.iso + "T" + pad(rest / 3600) + ":" + pad(rest / 60 % 60) + ":" + pad(rest % 60) + "Z"
  }

  static func parse(_ stamp: String) -> Date? {
    let u = Array(stamp.utf8)
    guard u.count == 20, let date = LocalDate(iso: stamp.prefix(10)),
      let h = Int(String(decoding: u[11..<13], as: UTF8.self)),
      let m = Int(String(decoding: u[14..<16], as: UTF8.self)),
      let s = Int(String(decoding: u[17..<19], as: UTF8.self))
    else { return nil }
    return Date(timeIntervalSince1970: Double(date.dayNumber * 86_400 + h * 3600 + m * 60 + s))
  }

  private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
