import DiaryRules
import Foundation

/// Instants as the store keeps them: UTC text `YYYY-MM-DDTHH:MM:SSZ`, which sorts as it compares.
enum Instant {
  static func stamp(_ date: Date) -> String {
    let seconds = Int(date.timeIntervalSince1970.rounded(.down))
    let day = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    let rest = seconds - day * 86_400
    let (hour, minute, second) = (rest / 3600, rest / 60 % 60, rest % 60)
    let datePart = LocalDate(dayNumber: day).iso
    // One buffer instead of a chain of appends: final marks and marks carry millions of times.
    return String(unsafeUninitializedCapacity: 20) { buffer in
      var i = 0
      for byte in datePart.utf8 {
        buffer[i] = byte
        i += 1
      }
      let zero = UInt8(ascii: "0")
      let colon = UInt8(ascii: ":")
      buffer[10] = UInt8(ascii: "T")
      buffer[11] = zero + UInt8(hour / 10)
      buffer[12] = zero + UInt8(hour % 10)
      buffer[13] = colon
      buffer[14] = zero + UInt8(minute / 10)
      buffer[15] = zero + UInt8(minute % 10)
      buffer[16] = colon
      buffer[17] = zero + UInt8(second / 10)
      buffer[18] = zero + UInt8(second % 10)
      buffer[19] = UInt8(ascii: "Z")
      return 20
    }
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

}
