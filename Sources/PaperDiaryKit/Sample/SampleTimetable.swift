/// A class's weekly timetable: which subject is taught in each lesson of each weekday.
///
/// The week's hours are spread as evenly as the total allows (4–7 lessons a day for the
/// curriculum's totals), a subject of a few hours never twice on one day unless it has more
/// hours than there are days, and the order within a day is shuffled. Lessons are then
/// numbered 1, 2, … in `lessons.csv` and `attendance.csv`.
struct SampleTimetable {
  /// `days[weekday - 1]`: indices into the grade's subject list, in lesson order.
  let days: [[Int]]

  /// A timetable for subjects with the given weekly `hours` (index = subject).
  init(hours: [Int], random: inout SampleRandom) {
    let total = hours.reduce(0, +)
    var capacity = [Int](repeating: total / 5, count: 5)
    var longer = [0, 1, 2, 3, 4]
    random.shuffle(&longer)
    for day in longer.prefix(total % 5) { capacity[day] += 1 }

    var days = [[Int]](repeating: [], count: 5)
    let order = hours.indices.sorted { hours[$0] != hours[$1] ? hours[$0] > hours[$1] : $0 < $1 }
    for subject in order {
      var used = [Bool](repeating: false, count: 5)
      for _ in 0..<hours[subject] {
        // The freest day not yet used by this subject; any free day once all are used.
        var best = -1
        var bestKey = -1
        for day in 0..<5 where capacity[day] > 0 {
          let key = (used[day] ? 0 : 1 << 20) + capacity[day] * 64 + random.below(64)
          if key > bestKey {
            bestKey = key
            best = day
          }
        }
        guard best >= 0 else { break }
        capacity[best] -= 1
        used[best] = true
        days[best].append(subject)
      }
    }
    for day in 0..<5 { random.shuffle(&days[day]) }
    self.days = days
  }
}
