import TandemData

/// Small statistics over present values (callers drop missing ones first).
enum Statistics {
    static func mean(_ v: [Double]) -> Double { v.isEmpty ? .nan : v.reduce(0, +) / Double(v.count) }

    static func median(_ v: [Double]) -> Double {
        guard !v.isEmpty else { return .nan }
        let s = v.sorted(), m = s.count / 2
        return s.count % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2
    }

    /// Most frequent value; ties go to the smallest.
    static func mode(_ v: [Double]) -> Double {
        var counts: [Double: Int] = [:]
        for x in v { counts[x, default: 0] += 1 }
        return counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key ?? .nan
    }

    /// Population standard deviation (as scikit-learn's StandardScaler).
    static func std(_ v: [Double]) -> Double {
        guard v.count > 0 else { return .nan }
        let m = mean(v)
        return (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count)).squareRoot()
    }

    /// Sample standard deviation (n − 1), as pandas' groupby std.
    static func sampleStd(_ v: [Double]) -> Double {
        guard v.count > 1 else { return .nan }
        let m = mean(v)
        return (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1)).squareRoot()
    }

    /// Linear-interpolation quantile of sorted values.
    static func quantile(sorted s: [Double], _ q: Double) -> Double {
        guard !s.isEmpty else { return .nan }
        let h = Double(s.count - 1) * q
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, s.count - 1)
        return s[lo] + (h - Double(lo)) * (s[hi] - s[lo])
    }
}

enum Encoding {
    /// A category column from row values, levels in first-seen order.
    static func category(_ values: [String?]) -> WorkingColumn {
        var lookup: [String: Int32] = [:]
        var levels: [String] = []
        let codes: [Int32] = values.map { v in
            guard let v else { return -1 }
            if let c = lookup[v] { return c }
            let c = Int32(levels.count)
            lookup[v] = c
            levels.append(v)
            return c
        }
        return .category(codes: codes, levels: levels)
    }

    /// A per-row key for grouping: the level text, or the number as text.
    static func keys(_ col: WorkingColumn, rows: Int) -> [String?] { (0..<rows).map { col.string($0) } }
}

/// strptime-style formats for parse_date: %Y %y %m %d %H %M %S %b (month name), other characters literal.
enum DateFormatParser {
    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    static func parse(_ text: String, format: String) -> Int64? {
        let t = Array(text), f = Array(format)
        var i = 0, j = 0
        var year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0
        func digits(_ maxCount: Int) -> Int? {
            var v = 0, n = 0
            while i < t.count, n < maxCount, let d = t[i].wholeNumberValue, t[i].isASCII { v = v * 10 + d; i += 1; n += 1 }
            return n > 0 ? v : nil
        }
        while j < f.count {
            if f[j] == "%", j + 1 < f.count {
                let spec = f[j + 1]
                j += 2
                switch spec {
                case "Y": guard let v = digits(4) else { return nil }; year = v
                case "y": guard let v = digits(2) else { return nil }; year = v < 69 ? 2000 + v : 1900 + v
                case "m": guard let v = digits(2) else { return nil }; month = v
                case "d": guard let v = digits(2) else { return nil }; day = v
                case "H": guard let v = digits(2) else { return nil }; hour = v
                case "M": guard let v = digits(2) else { return nil }; minute = v
                case "S": guard let v = digits(2) else { return nil }; second = v
                case "b", "B":
                    var word = ""
                    while i < t.count, t[i].isLetter { word.append(t[i]); i += 1 }
                    guard let m = months.firstIndex(of: String(word.lowercased().prefix(3))) else { return nil }
                    month = m + 1
                case "%": guard i < t.count, t[i] == "%" else { return nil }; i += 1
                default: return nil
                }
            } else {
                guard i < t.count, t[i] == f[j] else { return nil }
                i += 1; j += 1
            }
        }
        guard i == t.count else { return nil }
        return epochSeconds(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }
}
