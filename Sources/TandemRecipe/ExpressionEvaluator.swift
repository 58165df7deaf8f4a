#if canImport(Glibc)
import Glibc
#endif

/// Evaluates an expression over every row of a frame at once. A missing
/// operand gives missing; comparisons give 1 or 0; strings compare as text.
enum ExpressionEvaluator {
    enum Values {
        case numbers([Double])
        case strings([String?])
    }

    static func evaluate(_ e: Expression, in frame: WorkingFrame) throws(RecipeError) -> [Double] {
        switch try values(e, frame) {
        case .numbers(let v): return v
        case .strings: throw RecipeError(step: nil, field: nil, "the expression gives text, not a number")
        }
    }

    static func values(_ e: Expression, _ frame: WorkingFrame) throws(RecipeError) -> Values {
        let n = frame.rows
        switch e {
        case .number(let d): return .numbers(Array(repeating: d, count: n))
        case .string(let s): return .strings(Array(repeating: s, count: n))
        case .column(let name):
            guard let col = frame[name] else { throw RecipeError(step: nil, field: nil, "column \"\(name)\" does not exist") }
            if let numbers = col.numbers { return .numbers(numbers) }
            return .strings((0..<n).map { col.string($0) })
        case .negate(let a): return .numbers(try numbers(a, frame).map { -$0 })
        case .not(let a): return .numbers(try numbers(a, frame).map { $0.isNaN ? .nan : ($0 == 0 ? 1 : 0) })
        case .call(let f, let args):
            let evaluated = try args.map { (a: Expression) throws(RecipeError) -> [Double] in try numbers(a, frame) }
            return .numbers((0..<n).map { r in apply(f, evaluated.map { $0[r] }) })
        case .binary(let op, let a, let b):
            let left = try values(a, frame), right = try values(b, frame)
            switch (left, right) {
            case (.numbers(let x), .numbers(let y)): return .numbers((0..<n).map { combine(op, x[$0], y[$0]) })
            case (.strings(let x), .strings(let y)):
                guard let compare = stringComparison(op) else { throw RecipeError(step: nil, field: nil, "\(op.rawValue) needs numbers, not text") }
                return .numbers((0..<n).map { r in
                    guard let l = x[r], let rr = y[r] else { return .nan }
                    return compare(l, rr) ? 1 : 0
                })
            default:
                throw RecipeError(step: nil, field: nil, "\(op.rawValue) compares a number with text")
            }
        }
    }

    private static func numbers(_ e: Expression, _ frame: WorkingFrame) throws(RecipeError) -> [Double] {
        switch try values(e, frame) {
        case .numbers(let v): return v
        case .strings: throw RecipeError(step: nil, field: nil, "arithmetic on a text value")
        }
    }

    static func apply(_ f: Expression.Function, _ args: [Double]) -> Double {
        if args.contains(where: \.isNaN) { return .nan }
        switch f {
        case .log: return args[0] > 0 ? log(args[0]) : .nan
        case .exp: return exp(args[0])
        case .abs: return Swift.abs(args[0])
        case .sqrt: return args[0] >= 0 ? args[0].squareRoot() : .nan
        case .min: return args.min() ?? .nan
        case .max: return args.max() ?? .nan
        }
    }

    static func combine(_ op: Expression.BinaryOperator, _ x: Double, _ y: Double) -> Double {
        if x.isNaN || y.isNaN { return .nan }
        switch op {
        case .add: return x + y
        case .subtract: return x - y
        case .multiply: return x * y
        case .divide: return y == 0 ? .nan : x / y
        case .equal: return x == y ? 1 : 0
        case .notEqual: return x != y ? 1 : 0
        case .less: return x < y ? 1 : 0
        case .lessOrEqual: return x <= y ? 1 : 0
        case .greater: return x > y ? 1 : 0
        case .greaterOrEqual: return x >= y ? 1 : 0
        case .and: return x != 0 && y != 0 ? 1 : 0
        case .or: return x != 0 || y != 0 ? 1 : 0
        }
    }

    static func stringComparison(_ op: Expression.BinaryOperator) -> ((String, String) -> Bool)? {
        switch op {
        case .equal: { $0 == $1 }
        case .notEqual: { $0 != $1 }
        case .less: { $0 < $1 }
        case .lessOrEqual: { $0 <= $1 }
        case .greater: { $0 > $1 }
        case .greaterOrEqual: { $0 >= $1 }
        default: nil
        }
    }
}
