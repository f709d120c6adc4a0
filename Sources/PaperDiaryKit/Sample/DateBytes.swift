import DiaryRules

/// `YYYY-MM-DD` of every day in a range, encoded once: the journal writes a date in almost
/// every field it emits.
struct DateBytes {
  private let first: Int
  private let table: [[UInt8]]

  init(from: LocalDate, through: LocalDate) {
    first = from.dayNumber
    table = (from.dayNumber...max(from.dayNumber, through.dayNumber)).map {
      Array(LocalDate(dayNumber: $0).iso.utf8)
    }
  }

  subscript(date: LocalDate) -> [UInt8] {
    let index = date.dayNumber - first
    if index >= 0, index < table.count { return table[index] }
    return Array(date.iso.utf8)
  }
}
