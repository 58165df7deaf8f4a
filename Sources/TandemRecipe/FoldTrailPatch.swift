#if canImport(Glibc)
import Glibc
#endif

/// A trail's fold states made right for another start frame. A step that learns nothing (a derive, date_parts,
/// log1p) runs once on all rows, so adding one changes the frame every fold starts from, not the per-fold steps.
/// When those steps neither read nor write any column that differs between the two start frames, each fold's state is
/// the old one with those columns swapped in, removed, or inserted where a fresh run puts them, exactly: the
/// per-fold steps' work is reused. When that cannot be shown, `states` says nil and the folds are prepared again.
enum FoldTrailPatch {
    static func states(_ trail: FoldTrail, shared: Int, base: WorkingFrame, steps: [Step], context: RecipeContext) -> [[FoldState]]? {
        let old = trail.base
        // dedupe compares whole rows: every column is its input.
        guard shared > 0, old.rows == base.rows, !steps.contains(where: { $0.op == .dedupe }) else { return nil }
        let oldNames = Set(old.names), newNames = Set(base.names)
        let removed = old.names.filter { !newNames.contains($0) }
        let added = base.names.filter { !oldNames.contains($0) }
        let changed = base.names.filter { name in
            guard oldNames.contains(name), let a = old[name], let b = base[name] else { return false }
            return !a.sameValues(b)
        }
        // Columns both frames hold stand in the same order, or positions cannot be mapped.
        guard old.names.filter(newNames.contains) == base.names.filter(oldNames.contains) else { return nil }
        var touched: Set<String> = [context.target]
        touched.formUnion(context.idColumns)
        // lag and rolling_mean read rows in the order of the challenge's time column.
        if let time = context.timeColumn, steps.contains(where: { $0.op == .lag || $0.op == .rollingMean }) { touched.insert(time) }
        for s in steps {
            touched.formUnion(StepRules.readColumns(s).map(\.1))
            touched.formUnion(FoldInvariance.written(s, tables: context.tables))
        }
        guard Set(removed + added + changed).isDisjoint(with: touched) else { return nil }
        // Runs of new columns, each after the column before it in the new start frame (nil: at the front). Steps write
        // columns in place or append them, except drop_column, one_hot and date_parts, which remove theirs (the last
        // two put new ones in its place): the neighbour must be none of those.
        let moved = Set(steps.filter { [.dropColumn, .oneHot, .dateParts].contains($0.op) }.map(\.column))
        var blocks: [(after: String?, names: [String])] = []
        for (i, name) in base.names.enumerated() where !oldNames.contains(name) {
            if i > 0, !oldNames.contains(base.names[i - 1]), !blocks.isEmpty { blocks[blocks.count - 1].names.append(name); continue }
            let after: String? = i > 0 ? base.names[i - 1] : nil
            if let after, moved.contains(after) { return nil }
            blocks.append((after, [name]))
        }
        let change = Change(old: old, new: base, removed: removed, added: added, changed: changed, blocks: blocks)
        var out: [[FoldState]] = []
        for stepStates in trail.states.prefix(shared) {
            var patched: [FoldState] = []
            for state in stepStates {
                guard let frame = change.apply(to: state.frame) else { return nil }
                var s = state
                s.frame = frame
                patched.append(s)
            }
            out.append(patched)
        }
        return out
    }

    private struct Change {
        let old: WorkingFrame
        let new: WorkingFrame
        let removed: [String]
        let added: [String]
        let changed: [String]
        let blocks: [(after: String?, names: [String])]

        func apply(to frame: WorkingFrame) -> WorkingFrame? {
            var names = frame.names, columns = frame.columns
            // The fold holds the old start frame's columns as they were, and none of the new ones (a step could have
            // made a column of that name).
            for name in removed + changed {
                guard let i = names.firstIndex(of: name), let was = old[name], columns[i].sameValues(was) else { return nil }
            }
            guard added.allSatisfy({ !names.contains($0) }) else { return nil }
            for name in removed {
                guard let i = names.firstIndex(of: name) else { return nil }
                names.remove(at: i)
                columns.remove(at: i)
            }
            for name in changed {
                guard let i = names.firstIndex(of: name), let now = new[name] else { return nil }
                columns[i] = now
            }
            for block in blocks {
                var at = 0
                if let after = block.after {
                    guard let i = names.firstIndex(of: after) else { return nil }
                    at = i + 1
                }
                for (offset, name) in block.names.enumerated() {
                    guard let column = new[name] else { return nil }
                    names.insert(name, at: at + offset)
                    columns.insert(column, at: at + offset)
                }
            }
            return WorkingFrame(names: names, columns: columns)
        }
    }
}

extension WorkingColumn {
    /// Whether two columns hold the same values (missing equal to missing); shared storage answers at once.
    func sameValues(_ other: WorkingColumn) -> Bool {
        switch (self, other) {
        case (.number(let a), .number(let b)), (.date(let a), .date(let b)): return Self.sameBytes(a, b)
        case (.imputed(let a, let f), .imputed(let b, let g)): return f.bitPattern == g.bitPattern && Self.sameBytes(a, b)
        case (.category(let a, let l), .category(let b, let m)): return l == m && Self.sameBytes(a, b)
        case (.indicator(let a, let c), .indicator(let b, let d)): return c == d && Self.sameBytes(a, b)
        case (.text(let a), .text(let b)): return a.identity == b.identity || (a.count == b.count && a.elementsEqual(b))
        default: return false
        }
    }

    private static func sameBytes<T>(_ a: [T], _ b: [T]) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBytes { x in
            b.withUnsafeBytes { y in
                guard let p = x.baseAddress, let q = y.baseAddress, p != q else { return true }
                return memcmp(p, q, x.count) == 0
            }
        }
    }
}
