/// A parsed `derive` / `drop_rows` expression. Parsed, never evaluated as code.
public indirect enum Expression: Sendable, Equatable {
    case number(Double)
    case string(String)
    case column(String)
    case negate(Expression)
    case not(Expression)
    case binary(BinaryOperator, Expression, Expression)
    case call(Function, [Expression])

    public enum BinaryOperator: String, Sendable {
        case add = "+", subtract = "-", multiply = "*", divide = "/"
        case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        case and, or
    }

    public enum Function: String, Sendable, CaseIterable {
        case log, exp, abs, min, max, sqrt

        var arity: ClosedRange<Int> { self == .min || self == .max ? 2...16 : 1...1 }
    }

    /// Every column the expression reads, in order of first use.
    public var columns: [String] {
        var seen: [String] = []
        func walk(_ e: Expression) {
            switch e {
            case .number, .string: break
            case .column(let c): if !seen.contains(c) { seen.append(c) }
            case .negate(let a), .not(let a): walk(a)
            case .binary(_, let a, let b): walk(a); walk(b)
            case .call(_, let args): args.forEach(walk)
            }
        }
        walk(self)
        return seen
    }
}

public struct ExpressionError: Error, CustomStringConvertible, Sendable, Equatable {
    /// 1-based character position in the source.
    public let position: Int
    public let message: String
    public var description: String { "at character \(position): \(message)" }
}

/// Recursive descent over: or → and → not → comparison → sum → term → unary → primary.
public struct ExpressionParser {
    enum Token: Equatable {
        case number(Double), string(String), identifier(String), quotedIdentifier(String), symbol(String), end
    }

    private var tokens: [(Token, Int)] = []
    private var index = 0

    public static func parse(_ source: String) throws(ExpressionError) -> Expression {
        var parser = ExpressionParser()
        parser.tokens = try lex(source)
        let e = try parser.parseOr()
        guard case .end = parser.current.0 else { throw ExpressionError(position: parser.current.1, message: "unexpected \(parser.describe(parser.current.0))") }
        return e
    }

    static func lex(_ source: String) throws(ExpressionError) -> [(Token, Int)] {
        let chars = Array(source)
        var out: [(Token, Int)] = []
        var i = 0
        while i < chars.count {
            let c = chars[i], at = i + 1
            if c == " " || c == "\t" || c == "\n" { i += 1; continue }
            if c.isNumber || (c == "." && i + 1 < chars.count && chars[i + 1].isNumber) {
                var j = i
                while j < chars.count, chars[j].isNumber || chars[j] == "." { j += 1 }
                if j < chars.count, chars[j] == "e" || chars[j] == "E" {
                    var k = j + 1
                    if k < chars.count, chars[k] == "-" || chars[k] == "+" { k += 1 }
                    if k < chars.count, chars[k].isNumber { j = k; while j < chars.count, chars[j].isNumber { j += 1 } }
                }
                guard let v = Double(String(chars[i..<j])) else { throw ExpressionError(position: at, message: "\"\(String(chars[i..<j]))\" is not a number") }
                out.append((.number(v), at)); i = j; continue
            }
            if c == "\"" || c == "`" {
                var j = i + 1
                var text = ""
                while j < chars.count, chars[j] != c { text.append(chars[j]); j += 1 }
                guard j < chars.count else { throw ExpressionError(position: at, message: c == "\"" ? "string is never closed" : "quoted column name is never closed") }
                out.append((c == "\"" ? .string(text) : .quotedIdentifier(text), at)); i = j + 1; continue
            }
            if c.isLetter || c == "_" {
                var j = i
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { j += 1 }
                out.append((.identifier(String(chars[i..<j])), at)); i = j; continue
            }
            let two = i + 1 < chars.count ? String(chars[i...i + 1]) : ""
            if ["==", "!=", "<=", ">="].contains(two) { out.append((.symbol(two), at)); i += 2; continue }
            if "+-*/()<>,".contains(c) { out.append((.symbol(String(c)), at)); i += 1; continue }
            throw ExpressionError(position: at, message: "\"\(c)\" is not allowed (only numbers, \"strings\", column names, + - * / ( ), comparisons, and/or/not and \(Expression.Function.allCases.map(\.rawValue).joined(separator: " ")))")
        }
        out.append((.end, chars.count + 1))
        return out
    }

    private var current: (Token, Int) { tokens[index] }
    private mutating func advance() { if index < tokens.count - 1 { index += 1 } }

    private func describe(_ t: Token) -> String {
        switch t {
        case .number(let d): "number \(d)"
        case .string(let s): "string \"\(s)\""
        case .identifier(let s), .quotedIdentifier(let s): "\"\(s)\""
        case .symbol(let s): "\"\(s)\""
        case .end: "end of expression"
        }
    }

    private mutating func expectSymbol(_ s: String) throws(ExpressionError) {
        guard case .symbol(s) = current.0 else { throw ExpressionError(position: current.1, message: "expected \"\(s)\" but found \(describe(current.0))") }
        advance()
    }

    private func isKeyword(_ word: String) -> Bool {
        if case .identifier(let w) = current.0 { return w == word }
        return false
    }

    private mutating func parseOr() throws(ExpressionError) -> Expression {
        var e = try parseAnd()
        while isKeyword("or") { advance(); e = .binary(.or, e, try parseAnd()) }
        return e
    }

    private mutating func parseAnd() throws(ExpressionError) -> Expression {
        var e = try parseNot()
        while isKeyword("and") { advance(); e = .binary(.and, e, try parseNot()) }
        return e
    }

    private mutating func parseNot() throws(ExpressionError) -> Expression {
        if isKeyword("not") { advance(); return .not(try parseNot()) }
        return try parseComparison()
    }

    private mutating func parseComparison() throws(ExpressionError) -> Expression {
        let left = try parseSum()
        if case .symbol(let s) = current.0, let op = Expression.BinaryOperator(rawValue: s), ["==", "!=", "<", "<=", ">", ">="].contains(s) {
            advance()
            return .binary(op, left, try parseSum())
        }
        return left
    }

    private mutating func parseSum() throws(ExpressionError) -> Expression {
        var e = try parseTerm()
        while case .symbol(let s) = current.0, s == "+" || s == "-" {
            advance()
            e = .binary(s == "+" ? .add : .subtract, e, try parseTerm())
        }
        return e
    }

    private mutating func parseTerm() throws(ExpressionError) -> Expression {
        var e = try parseUnary()
        while case .symbol(let s) = current.0, s == "*" || s == "/" {
            advance()
            e = .binary(s == "*" ? .multiply : .divide, e, try parseUnary())
        }
        return e
    }

    private mutating func parseUnary() throws(ExpressionError) -> Expression {
        if case .symbol("-") = current.0 { advance(); return .negate(try parseUnary()) }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(ExpressionError) -> Expression {
        let (token, at) = current
        switch token {
        case .number(let d): advance(); return .number(d)
        case .string(let s): advance(); return .string(s)
        case .quotedIdentifier(let name): advance(); return .column(name)
        case .identifier(let name):
            advance()
            if case .symbol("(") = current.0 {
                guard let f = Expression.Function(rawValue: name) else {
                    throw ExpressionError(position: at, message: "\"\(name)\" is not a function (functions: \(Expression.Function.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                advance()
                var args: [Expression] = []
                if case .symbol(")") = current.0 {} else {
                    args.append(try parseOr())
                    while case .symbol(",") = current.0 { advance(); args.append(try parseOr()) }
                }
                try expectSymbol(")")
                guard f.arity.contains(args.count) else {
                    throw ExpressionError(position: at, message: "\(name) takes \(f.arity.lowerBound == f.arity.upperBound ? "1 argument" : "at least 2 arguments"), not \(args.count)")
                }
                return .call(f, args)
            }
            if ["and", "or", "not"].contains(name) { throw ExpressionError(position: at, message: "\"\(name)\" needs an operand before it") }
            return .column(name)
        case .symbol("("):
            advance()
            let e = try parseOr()
            try expectSymbol(")")
            return e
        default:
            throw ExpressionError(position: at, message: "expected a number, a column or \"(\" but found \(describe(token))")
        }
    }
}
