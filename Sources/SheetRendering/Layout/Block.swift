/// A page's content as a value tree: what goes on the paper, in reading order, without fonts
/// or coordinates. `PageComposer` measures it with Pango and breaks it into pages; tests can
/// read it (`dump`) without drawing anything.
public indirect enum Block: Sendable {
  /// A paragraph across the width it is given; `markup` is Pango markup (already escaped).
  case text(String, TextStyle, markup: Bool = false)
  /// Blocks side by side; widths are shares of the width, gaps in points.
  case columns([Column], gap: Double)
  /// A table whose header repeats on every page it runs onto; rows never split.
  case table(Table)
  /// A horizontal line.
  case rule(weight: Double, dashed: Bool = false)
  /// Vertical space in points.
  case space(Double)
  /// The trend of the average, week by week.
  case chart(TrendChart)
  /// A PNG image (the school's logo) of a given width; its height follows the image.
  case image(path: String, width: Double)
  /// The address of a `post` sheet, placed at the envelope window of the first page, with
  /// `beside` flowing to its right.
  case window(address: [Block], beside: [Block])
  /// Blocks that stay together on one page (a heading with what follows it).
  case group([Block])
  /// Blocks framed by a thin box with padding: a notice the reader must not miss.
  case framed([Block], weight: Double)

  /// One column of `.columns`.
  public struct Column: Sendable {
    public var share: Double
    public var blocks: [Block]

    public init(share: Double, _ blocks: [Block]) {
      self.share = share
      self.blocks = blocks
    }
  }
}

/// A table of text cells; column widths are shares of the table's width.
public struct Table: Sendable {
  public struct Column: Sendable {
    public var share: Double
    public var alignment: TextAlignment

    public init(share: Double, alignment: TextAlignment = .left) {
      self.share = share
      self.alignment = alignment
    }
  }

  /// One cell: plain text or Pango markup.
  public struct Cell: Sendable {
    public var text: String
    public var style: TextStyle
    public var markup: Bool

    public init(_ text: String, _ style: TextStyle, markup: Bool = false) {
      self.text = text
      self.style = style
      self.markup = markup
    }
  }

  public var columns: [Column]
  public var header: [Cell]
  public var rows: [[Cell]]
  /// Light shading of the header and every other row, which photocopies as a faint band.
  public var headerShade: Double = 0.88
  public var stripeShade: Double? = 0.955
  public var padding: Double = 3
  /// Minimum row height, so short rows still take a pen mark (registers).
  public var minimumRowHeight: Double = 0

  public init(columns: [Column], header: [Cell], rows: [[Cell]]) {
    self.columns = columns
    self.header = header
    self.rows = rows
  }
}

/// The weekly trend of the average: one point per week, a value or none.
public struct TrendChart: Sendable {
  public struct Point: Sendable {
    public var label: String
    public var value: Double?
    public var valueText: String?

    public init(label: String, value: Double?, valueText: String?) {
      self.label = label
      self.value = value
      self.valueText = valueText
    }
  }

  public var points: [Point]
  /// The marks of the scale: grid lines and the vertical range.
  public var marks: [Int]
  /// Dashed lines at the thresholds the forecast uses.
  public var thresholds: [Double]
  public var height: Double
  public var style: TextStyle

  public init(
    points: [Point], marks: [Int], thresholds: [Double], height: Double, style: TextStyle
  ) {
    self.points = points
    self.marks = marks
    self.thresholds = thresholds
    self.height = height
    self.style = style
  }
}

/// One document before it is drawn: the flowing blocks, the blocks anchored to the foot of the
/// last page, and what repeats on every page.
public struct PageDocument: Sendable {
  public var flow: [Block]
  public var bottom: [Block]
  /// Printed at the top of every page after the first, so a loose page says whose it is.
  public var continuation: Block?
  /// The page number line, given (page, pages); shown only when there is more than one page.
  public var pageLabel: @Sendable (Int, Int) -> String
  public var pageLabelStyle: TextStyle

  public init(
    flow: [Block], bottom: [Block] = [], continuation: Block? = nil,
    pageLabel: @escaping @Sendable (Int, Int) -> String, pageLabelStyle: TextStyle
  ) {
    self.flow = flow
    self.bottom = bottom
    self.continuation = continuation
    self.pageLabel = pageLabel
    self.pageLabelStyle = pageLabelStyle
  }
}
