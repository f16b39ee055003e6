/// A plain text table: a header row and the rows, columns two spaces apart; the columns named in
/// `rightAligned` (numbers) are aligned right.
struct TextTable {
    let headers: [String]
    var rows: [[String]] = []
    var rightAligned: Set<Int> = []

    var text: String {
        let all = [headers] + rows
        let widths = headers.indices.map { c in all.map { $0[c].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return rightAligned.contains(c) ? pad + cell : (c == row.count - 1 ? cell : cell + pad)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
