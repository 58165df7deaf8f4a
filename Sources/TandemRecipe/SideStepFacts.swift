import Synchronization
import TandemData

/// What the workbench shows beside a `join` or an `aggregate` (DESIGN.md section 8): the share of train.csv's rows that
/// find side rows on the step's key, and the future warning an unbounded aggregate carries. Computed on first ask and
/// kept, so a screen redrawn every tick matches each key once; deterministic, so rendering stays a function of state.
public final class SideStepFacts: Sendable {
    let train: DataFrame
    let tables: SideTables
    private let rates = Mutex<[String: Double?]>([:])

    public init(train: DataFrame, tables: SideTables) {
        self.train = train
        self.tables = tables
    }

    public var isEmpty: Bool { tables.isEmpty }

    /// The share of train.csv's rows a join or aggregate finds side rows for; nil for other steps, an unknown table,
    /// or a key column train.csv lacks (a column an earlier step writes: the evaluation's warnings give its rate then).
    public func matchRate(_ s: Step) -> Double? {
        guard s.readsSideTable, let table = tables.named(s.string("table") ?? "") else { return nil }
        let on = s.names("on"), sideOn = s.params["table_on"] == nil ? on : s.names("table_on")
        guard !on.isEmpty, on.count == sideOn.count else { return nil }
        let key = ([table.name] + on + ["\u{1E}"] + sideOn).joined(separator: "\u{1F}")
        if let known = rates.withLock({ $0[key] }) { return known }
        var rate: Double?
        let main = on.compactMap { train[$0] }.map { WorkingFrame(DataFrame(columns: [$0])).columns[0] }
        let side = sideOn.compactMap { table.column($0) }
        if main.count == on.count, side.count == sideOn.count {
            rate = KeyMatch.match(main: main, side: side, names: Array(zip(on, sideOn)), cache: tables.cache, table: table.name).matchRate
        }
        rates.withLock { $0[key] = rate }
        return rate
    }

    /// Why the step may read side rows from after the row's own time, or nil.
    public func futureWarning(_ s: Step) -> String? { SideDataOps.futureWarning(s, tables: tables) }

    /// The side tables a document names: in its advice's `table` fields, or by name in its prose.
    public func tablesNamed(advice: [Step], text: String) -> [String] {
        let advised = Set(advice.compactMap { $0.readsSideTable ? tables.named($0.string("table") ?? "")?.name : nil })
        let prose = text.lowercased()
        return tables.names.filter { name in advised.contains(name) || Self.mentions(prose, name.lowercased()) }
    }

    /// Whether `name` appears in `text` as a word (not inside a longer one: "events" is not in "prevents").
    static func mentions(_ text: String, _ name: String) -> Bool {
        guard !name.isEmpty else { return false }
        var search = text.startIndex..<text.endIndex
        while let found = text.range(of: name, range: search) {
            let before = found.lowerBound == text.startIndex ? nil : text[text.index(before: found.lowerBound)]
            let after = found.upperBound == text.endIndex ? nil : text[found.upperBound]
            func isWord(_ c: Character?) -> Bool { c.map { $0.isLetter || $0.isNumber || $0 == "_" } ?? false }
            if !isWord(before), !isWord(after) { return true }
            search = found.upperBound..<text.endIndex
        }
        return false
    }
}
