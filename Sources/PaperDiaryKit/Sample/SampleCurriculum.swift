/// What is taught in which grade and how marks are given: the sample's curriculum.
///
/// The weekly hours follow the federal basic programmes (ФОП НОО, ООО, СОО) for a five-day
/// week, trimmed to the subjects DESIGN's sample asks for, so that every class gets 4–7
/// lessons a day and every student only the subjects of their grade.
enum SampleCurriculum {
  /// A subject of the school, in the order the sheet lists them.
  struct Subject: Sendable {
    let id: String
    let name: String
  }

  /// A kind of mark; `halfWeight` is the weight in halves, so sums stay exact integers.
  struct MarkKind: Sendable {
    let id: String
    let name: String
    let weight: String
    let halfWeight: Int
  }

  /// How a lesson's marks are given: an ordinary lesson marks a few students, a check marks
  /// most of the class, a control work everyone present.
  enum LessonKind {
    case ordinary
    case check
    case control
  }

  // MARK: - Subjects

  /// Every subject of the school, in sheet order (`subjects.csv`).
  static let subjects: [Subject] = [
    .init(id: "rus", name: "Русский язык"),
    .init(id: "litread", name: "Литературное чтение"),
    .init(id: "lit", name: "Литература"),
    .init(id: "eng", name: "Английский язык"),
    .init(id: "math", name: "Математика"),
    .init(id: "alg", name: "Алгебра"),
    .init(id: "alg-an", name: "Алгебра и начала математического анализа"),
    .init(id: "geom", name: "Геометрия"),
    .init(id: "prob", name: "Вероятность и статистика"),
    .init(id: "inf", name: "Информатика"),
    .init(id: "hist", name: "История"),
    .init(id: "soc", name: "Обществознание"),
    .init(id: "geo", name: "География"),
    .init(id: "world", name: "Окружающий мир"),
    .init(id: "bio", name: "Биология"),
    .init(id: "phys", name: "Физика"),
    .init(id: "chem", name: "Химия"),
    .init(id: "orkse", name: "Основы религиозных культур и светской этики"),
    .init(id: "music", name: "Музыка"),
    .init(id: "art", name: "Изобразительное искусство"),
    .init(id: "tech", name: "Труд (технология)"),
    .init(id: "obzr", name: "Основы безопасности и защиты Родины"),
    .init(id: "pe", name: "Физическая культура"),
    .init(id: "project", name: "Индивидуальный проект"),
  ]

  /// The subject whose exemptions (`осв`) the sample models.
  static let physicalEducation = "pe"

  /// Weekly hours of each subject taught in `grade` (1–11), in sheet order.
  static func weeklyHours(grade: Int) -> [(subject: String, hours: Int)] {
    let table: [(String, Int)]
    switch grade {
    case 1:
      table = [
        ("rus", 5), ("litread", 4), ("math", 4), ("world", 2), ("music", 1), ("art", 1),
        ("tech", 1), ("pe", 2),
      ]
    case 2, 3:
      table = [
        ("rus", 5), ("litread", 4), ("eng", 2), ("math", 4), ("world", 2), ("music", 1),
        ("art", 1), ("tech", 1), ("pe", 2),
      ]
    case 4:
      table = [
        ("rus", 5), ("litread", 3), ("eng", 2), ("math", 4), ("world", 2), ("orkse", 1),
        ("music", 1), ("art", 1), ("tech", 1), ("pe", 2),
      ]
    case 5:
      table = [
        ("rus", 5), ("lit", 3), ("eng", 3), ("math", 5), ("hist", 2), ("geo", 1), ("bio", 1),
        ("music", 1), ("art", 1), ("tech", 2), ("pe", 2),
      ]
    case 6:
      table = [
        ("rus", 6), ("lit", 3), ("eng", 3), ("math", 5), ("hist", 2), ("soc", 1), ("geo", 1),
        ("bio", 1), ("music", 1), ("art", 1), ("tech", 2), ("pe", 2),
      ]
    case 7:
      table = [
        ("rus", 4), ("lit", 2), ("eng", 3), ("alg", 3), ("geom", 2), ("prob", 1), ("inf", 1),
        ("hist", 2), ("soc", 1), ("geo", 2), ("bio", 1), ("phys", 2), ("music", 1), ("art", 1),
        ("tech", 2), ("pe", 2),
      ]
    case 8:
      table = [
        ("rus", 3), ("lit", 2), ("eng", 3), ("alg", 3), ("geom", 2), ("prob", 1), ("inf", 1),
        ("hist", 2), ("soc", 1), ("geo", 2), ("bio", 2), ("phys", 2), ("chem", 2),
        ("music", 1), ("tech", 1), ("obzr", 1), ("pe", 2),
      ]
    case 9:
      table = [
        ("rus", 3), ("lit", 3), ("eng", 3), ("alg", 3), ("geom", 2), ("prob", 1), ("inf", 1),
        ("hist", 2), ("soc", 1), ("geo", 2), ("bio", 2), ("phys", 3), ("chem", 2), ("obzr", 1),
        ("pe", 2),
      ]
    case 10, 11:
      table =
        [
          ("rus", 2), ("lit", 3), ("eng", 3), ("alg-an", 3), ("geom", 2), ("prob", 1),
          ("inf", 1), ("hist", 2), ("soc", 2), ("geo", 1), ("bio", 1), ("phys", 2), ("chem", 1),
          ("obzr", 1), ("pe", 2),
        ] + (grade == 10 ? [("project", 1)] : [])
    default:
      table = []
    }
    return table.map { (subject: $0.0, hours: $0.1) }
  }

  // MARK: - Marks

  static let markKinds: [MarkKind] = [
    .init(id: "oral", name: "Ответ на уроке", weight: "1", halfWeight: 2),
    .init(id: "hw", name: "Домашняя работа", weight: "1", halfWeight: 2),
    .init(id: "sr", name: "Самостоятельная работа", weight: "1.5", halfWeight: 3),
    .init(id: "pr", name: "Проверочная работа", weight: "1.5", halfWeight: 3),
    .init(id: "prac", name: "Практическая работа", weight: "1.5", halfWeight: 3),
    .init(id: "lab", name: "Лабораторная работа", weight: "1.5", halfWeight: 3),
    .init(id: "kr", name: "Контрольная работа", weight: "2", halfWeight: 4),
    .init(id: "dict", name: "Диктант", weight: "2", halfWeight: 4),
    .init(id: "essay", name: "Сочинение", weight: "2", halfWeight: 4),
    .init(id: "test", name: "Зачёт", weight: "2", halfWeight: 4),
  ]

  /// Per-mark weights a teacher may set instead of the kind's (written as `1.5`, never `1,5`).
  static let weightOverrides: [(text: String, halfWeight: Int)] = [
    ("0.5", 1), ("1.5", 3), ("2", 4), ("3", 6),
  ]

  /// The kinds used for checks and control works in `subject`: indices into `markKinds`.
  static func kinds(for subject: String, lesson: LessonKind) -> [Int] {
    func index(_ id: String) -> Int { markKinds.firstIndex { $0.id == id } ?? 0 }
    switch lesson {
    case .ordinary:
      return [index("oral"), index("oral"), index("hw")]
    case .check:
      switch subject {
      case "phys", "chem", "bio": return [index("lab"), index("sr"), index("pr")]
      case "inf", "geo", "tech", "art": return [index("prac"), index("sr")]
      case "pe", "music": return [index("oral")]
      default: return [index("sr"), index("pr")]
      }
    case .control:
      switch subject {
      case "rus": return [index("dict"), index("kr")]
      case "lit", "litread": return [index("essay"), index("kr")]
      case "pe", "music", "art", "tech", "obzr", "project": return [index("test")]
      default: return [index("kr")]
      }
    }
  }

  /// Thresholds of `school.toml` ×10: the lowest average (in tenths) for 3, 4 and 5.
  static let thresholdTenths: [(mark: Int, tenths: Int)] = [(5, 46), (4, 36), (3, 26)]

  /// The mark an average reaches under the thresholds, compared exactly in integers: the
  /// largest g with Σ w·v ≥ t(g)·Σ w (weights in halves, thresholds in tenths); 2 otherwise.
  static func termMark(weightedSum: Int, halfWeights: Int) -> Int {
    for (mark, tenths) in thresholdTenths where weightedSum * 10 >= tenths * halfWeights {
      return mark
    }
    return 2
  }
}
