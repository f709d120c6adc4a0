/// Columns aligned with spaces, for listings read in a terminal (ids only, never names).
enum TextTable {
  /// The header and the rows, each column padded to its widest cell; the last column is not
  /// padded, so no line ends in spaces.
  static func lines(header: [String], rows: [[String]]) -> [String] {
    let all = [header] + rows
    let widths = header.indices.map { column in
      all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0
    }
    return all.map { cells in
      cells.enumerated().map { column, cell in
        column == cells.count - 1
          ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
      }.joined(separator: "  ")
    }
  }
}
