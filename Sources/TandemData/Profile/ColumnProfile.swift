/// Summary statistics of one column, as `tandem profile --json` prints them.
public struct ColumnProfile: Codable, Sendable, Equatable {
    public var name: String
    public var kind: ColumnKind
    public var rows: Int
    public var missing: Int
    public var distinct: Int
    /// For int, float and date columns (dates in days since 1970-01-01).
    public var numeric: NumericSummary?
    /// Most frequent values, most frequent first (ties: smaller value or earlier level first).
    public var top: [ValueCount]
    public var histogram: Histogram?
    public var hints: [ProfileHint]
    public var association: TargetAssociation?
}

public struct NumericSummary: Codable, Sendable, Equatable {
    public var min: Double
    public var max: Double
    public var mean: Double
    /// Sample standard deviation (n − 1), as pandas reports it; nil below two values.
    public var std: Double?
    /// Linear-interpolation quantiles at 1, 5, 25, 50, 75, 95 and 99 %.
    public var quantiles: [Quantile]
    /// Adjusted Fisher–Pearson skewness (pandas' `skew`); nil below three values or zero spread.
    public var skewness: Double?

    public func quantile(_ p: Double) -> Double? { quantiles.first { $0.p == p }?.value }
}

public struct Quantile: Codable, Sendable, Equatable {
    public var p: Double
    public var value: Double
}

public struct ValueCount: Codable, Sendable, Equatable {
    public var value: String
    public var count: Int
}

/// Equal-width bins from `lower` to `upper`; the last bin includes `upper`.
public struct Histogram: Codable, Sendable, Equatable {
    public var lower: Double
    public var upper: Double
    public var counts: [Int]
}

/// Something an analyst wants to know first about a column.
public struct ProfileHint: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case sentinel, constant, idLike = "id_like", possibleLeakage = "possible_leakage",
             dateLike = "date_like", skewed, mostlyMissing = "mostly_missing"
    }
    public var kind: Kind
    public var message: String
    /// The sentinel value, when `kind == .sentinel`.
    public var value: Double?
}

/// How strongly a column is associated with the target.
public struct TargetAssociation: Codable, Sendable, Equatable {
    /// Mutual information in nats between the binned column and the binned target.
    public var mutualInformation: Double
    /// Pearson correlation, when the column and the target are both numeric.
    public var correlation: Double?
}

public struct DataProfile: Codable, Sendable, Equatable {
    public var source: String
    public var rows: Int
    public var target: String?
    public var columns: [ColumnProfile]
    /// Column names by association with the target, strongest first.
    public var ranking: [String]

    public subscript(name: String) -> ColumnProfile? { columns.first { $0.name == name } }
}
