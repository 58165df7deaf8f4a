import TandemData
import TandemModel

/// How a challenge was opened, as the options a user typed: stored with a session (its start event's `opened_with`),
/// so replay, resume, compare, predict --session and study report need nothing retyped.
extension ChallengeOverrides {
    public var arguments: [String] {
        var out: [String] = []
        func add(_ name: String, _ value: String?) { if let value { out += [name, value] } }
        add("--target", target)
        add("--id", idColumn)
        add("--task", task?.rawValue)
        add("--metric", metric?.rawValue)
        add("--positive-label", positiveLabel)
        add("--time", timeColumn)
        add("--delimiter", dialect.delimiter.map { $0 == 0x09 ? "tab" : String(Character(Unicode.Scalar($0))) })
        add("--decimal", dialect.decimalComma.map { $0 ? "comma" : "point" })
        return out
    }

    /// The options `arguments` wrote; an option this version does not know is left out, never an error (a log is
    /// read by later versions too).
    public init(arguments: [String]) {
        self.init()
        var i = 0
        while i + 1 < arguments.count {
            let value = arguments[i + 1]
            switch arguments[i] {
            case "--target": target = value
            case "--id": idColumn = value
            case "--task": task = TaskKind(rawValue: value)
            case "--metric": metric = Metric(rawValue: value)
            case "--positive-label": positiveLabel = value
            case "--time": timeColumn = value
            case "--delimiter": dialect.delimiter = CSVDialectOptions.delimiter(named: value)
            case "--decimal": dialect.decimalComma = value == "comma"
            default: break
            }
            i += 2
        }
    }

    /// These options with every one that `given` sets taking its place (what the user types now wins).
    public func overridden(by given: ChallengeOverrides) -> ChallengeOverrides {
        var o = self
        o.target = given.target ?? target
        o.idColumn = given.idColumn ?? idColumn
        o.task = given.task ?? task
        o.metric = given.metric ?? metric
        o.positiveLabel = given.positiveLabel ?? positiveLabel
        o.timeColumn = given.timeColumn ?? timeColumn
        o.dialect.delimiter = given.dialect.delimiter ?? dialect.delimiter
        o.dialect.decimalComma = given.dialect.decimalComma ?? dialect.decimalComma
        return o
    }
}
