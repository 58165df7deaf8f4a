/// ISO 8601 dates (`2024-03-15`, `2024-03-15T08:30:00`, `2024-03-15 08:30`,
/// optional fraction and `Z`) to seconds since the Unix epoch, UTC.
enum DateParsing {
    @inline(__always)
    private static func digits(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int? {
        var v = 0
        for i in 0..<n {
            let d = p[i] &- 48
            guard d < 10 else { return nil }
            v = v * 10 + Int(d)
        }
        return v
    }

    static func parse(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Int64? {
        let n = end - p
        guard n >= 10, p[4] == UInt8(ascii: "-"), p[7] == UInt8(ascii: "-"),
              let year = digits(p, 4), let month = digits(p + 5, 2), let day = digits(p + 8, 2),
              month >= 1, month <= 12, day >= 1, day <= daysInMonth(year: year, month: month)
        else { return nil }
        var seconds = Int64(daysFromCivil(year: year, month: month, day: day)) * 86_400
        if n == 10 { return seconds }
        guard n >= 16, p[10] == UInt8(ascii: "T") || p[10] == UInt8(ascii: " "), p[13] == UInt8(ascii: ":"),
              let hour = digits(p + 11, 2), let minute = digits(p + 14, 2), hour < 24, minute < 60
        else { return nil }
        seconds += Int64(hour * 3600 + minute * 60)
        var q = p + 16
        if q < end, q.pointee == UInt8(ascii: ":") {
            guard end - q >= 3, let second = digits(q + 1, 2), second < 61 else { return nil }
            seconds += Int64(second)
            q += 3
            if q < end, q.pointee == UInt8(ascii: ".") {
                q += 1
                let fractionStart = q
                while q < end, q.pointee &- 48 < 10 { q += 1 }
                guard q > fractionStart else { return nil }
            }
        }
        if q < end, q.pointee == UInt8(ascii: "Z") { q += 1 }
        return q == end ? seconds : nil
    }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Howard Hinnant's days_from_civil.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

/// Calendar parts of an epoch-seconds timestamp (UTC).
public struct DateParts: Sendable, Equatable {
    public let year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
    /// 0 = Monday ... 6 = Sunday (as pandas' dayofweek).
    public let weekday: Int

    public init(seconds: Int64) {
        let days = Int((seconds >= 0 ? seconds : seconds - 86_399) / 86_400)
        let rest = Int(seconds - Int64(days) * 86_400)
        let civil = DateParsing.civilFromDays(days)
        year = civil.year; month = civil.month; day = civil.day
        hour = rest / 3600; minute = rest % 3600 / 60; second = rest % 60
        weekday = ((days % 7) + 7 + 3) % 7 // 1970-01-01 was a Thursday
    }
}

public func formatDate(seconds: Int64) -> String {
    let p = DateParts(seconds: seconds)
    func pad(_ v: Int, _ w: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, w - s.count)) + s }
    let date = "\(pad(p.year, 4))-\(pad(p.month, 2))-\(pad(p.day, 2))"
    if p.hour == 0 && p.minute == 0 && p.second == 0 { return date }
    return date + "T\(pad(p.hour, 2)):\(pad(p.minute, 2)):\(pad(p.second, 2))"
}

/// Seconds since the epoch for an ISO 8601 date or date-time string, or nil.
public func parseISODate(_ text: String) -> Int64? {
    var s = text
    return s.withUTF8 { b in
        guard let base = b.baseAddress else { return nil }
        return DateParsing.parse(base, base + b.count)
    }
}

/// Seconds since the epoch from calendar parts, or nil when they do not form a date.
public func epochSeconds(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) -> Int64? {
    guard (1...12).contains(month), day >= 1, day <= DateParsing.daysInMonth(year: year, month: month),
          (0..<24).contains(hour), (0..<60).contains(minute), (0..<61).contains(second) else { return nil }
    return Int64(DateParsing.daysFromCivil(year: year, month: month, day: day)) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
}
