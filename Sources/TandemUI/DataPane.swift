import TandemData

/// The view's order of the frame's rows: sorting changes what the Data pane shows, never the recipe or the log.
struct DataSort: Sendable {
    /// The sorted column, in display order.
    var column: Int
    var descending: Bool
    /// Frame rows in view order.
    var rows: [Int]
}

/// The Data pane: a Table over the frame with the id column frozen, a selected column (← →) and a view sort (S).
extension Workbench {
    /// The side table the Data pane shows, nil on train.csv.
    var shownSide: DataTableView? {
        shownTable > 0 && context.sideFrames.indices.contains(shownTable - 1) ? context.sideFrames[shownTable - 1] : nil
    }
    var dataFrame: DataFrame { shownSide?.frame ?? context.frame }
    var dataGrid: DataGrid { shownSide?.grid ?? context.grid }
    var dataTableName: String? { shownSide?.name }
    /// The Profile pane's table: train.csv's profile, or the side table's that `t` chose.
    var shownProfile: DataProfile { shownSide?.profile ?? context.profile }

    /// t: the next table in the Data pane; the view's cursor, column and sort start afresh.
    mutating func showNextTable() {
        guard pane == .data || pane == .profile else { message = "t shows the next table in the Data (1) and Profile panes"; return }
        guard !context.sideFrames.isEmpty else { message = "this challenge has no side tables"; return }
        shownTable = (shownTable + 1) % (context.sideFrames.count + 1)
        dataColumn = 0
        dataOffset = 0
        dataSort = nil
        for shown in [Pane.data, .profile] {
            cursor[shown] = 0
            scroll[shown] = 0
        }
        let name = dataTableName.map { sanitizeForDisplay($0, limit: 40) } ?? "train.csv"
        message = "\(pane == .data ? "Data" : "Profile"): \(name), \(dataFrame.rowCount) rows (t: the next table)"
    }

    /// The frame row shown at a view row.
    func dataRow(_ viewRow: Int) -> Int {
        guard let rows = dataSort?.rows, rows.indices.contains(viewRow) else { return viewRow }
        return rows[viewRow]
    }

    /// The row numbers of the file, so a sorted view still says which line a row came from.
    var dataLabelWidth: Int { max(4, String(dataFrame.rowCount).count + 1) }

    var dataTable: Table {
        let grid = dataGrid, frame = dataFrame
        let columns = grid.order.enumerated().map { i, c in
            let column = frame.columns[c]
            var title = sanitizeForDisplay(column.name, limit: 60), width = grid.widths[i]
            if let s = dataSort, s.column == i {
                // The sorted column widens for its mark rather than hide it.
                title += s.descending ? (ascii ? " v" : " ▼") : (ascii ? " ^" : " ▲")
                width = min(max(width, ScreenBuffer.columns(title)), DataGrid.maximumWidth)
            }
            return Table.Column(title: title, width: width, rightAligned: column.kind.isNumeric)
        }
        return Table(columns: columns, frozen: grid.frozen, offset: dataOffset, selectedColumn: dataColumn, ascii: ascii)
    }

    func drawData(_ b: inout ScreenBuffer, _ r: Rect) {
        let frame = dataFrame, order = dataGrid.order
        var table = dataTable
        // A resize may have pushed the selected column off screen: the drawn offset brings it back.
        table.offset = table.offset(showing: dataColumn, width: r.width - dataLabelWidth)
        let top = scroll[.data] ?? 0
        table.draw(&b, r, labelWidth: dataLabelWidth, top: top, rows: min(listHeight(.data), max(0, frame.rowCount - top)),
                   selectedRow: cursor(.data), label: { String(dataRow($0) + 1) },
                   cell: { row, column in
                       frame.columns[order[column]].string(at: dataRow(row)).map { sanitizeForDisplay($0, limit: 60) }
                   })
        if frame.rowCount == 0 { b.put("no rows", x: r.x + 1, y: r.y + 1, role: .dim) }
    }

    mutating func moveDataColumn(_ delta: Int) {
        dataColumn = min(max(0, dataColumn + delta), max(0, dataGrid.order.count - 1))
        dataOffset = dataTable.offset(showing: dataColumn, width: width - dataLabelWidth)
    }

    /// S: ascending by the selected column, again descending, a third time file order. The cursor stays on its row.
    mutating func sortDataView() {
        let grid = dataGrid, frame = dataFrame
        guard pane == .data, grid.order.indices.contains(dataColumn) else {
            message = "S sorts the Data pane (1) by its selected column"
            return
        }
        let name = sanitizeForDisplay(frame.columns[grid.order[dataColumn]].name, limit: 40)
        let rowAtCursor = dataRow(cursor(.data))
        switch dataSort {
        case let s? where s.column == dataColumn && !s.descending:
            dataSort = DataSort(column: dataColumn, descending: true,
                                rows: grid.sortedRows(frame, by: dataColumn, descending: true))
            message = "view sorted by \(name), descending (the recipe is unchanged)"
        case let s? where s.column == dataColumn:
            dataSort = nil
            message = "view in file order"
        default:
            dataSort = DataSort(column: dataColumn, descending: false,
                                rows: grid.sortedRows(frame, by: dataColumn, descending: false))
            message = "view sorted by \(name), ascending (the recipe is unchanged)"
        }
        let viewRow = dataSort?.rows.firstIndex(of: rowAtCursor) ?? rowAtCursor
        move(viewRow - cursor(.data))
    }
}
