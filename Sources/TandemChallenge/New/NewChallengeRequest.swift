import TandemData

/// What `tandem new` (and `tandem open DATA.csv`) is asked to make: a challenge folder from one CSV, or from a
/// training CSV and a test CSV (DESIGN.md section 3).
public struct NewChallengeRequest: Sendable {
    public var data: String
    public var out: String
    /// test.csv as given; when nil, a holdout of `data` becomes test.csv and the key.
    public var test: String?
    /// The target is required; the other answers are inferred when nil.
    public var overrides: ChallengeOverrides
    public var holdout: Double
    public var seed: UInt64
    public var docs: [String]
    public var title: String?
    /// Replace `out` when it is an earlier challenge folder.
    public var force: Bool
    /// Side tables to copy into tables/, each `FILE` or `FILE:KEY` (a composite key as `FILE:a,b`).
    public var tables: [String] = []

    public init(data: String, out: String, test: String? = nil, overrides: ChallengeOverrides, holdout: Double = 0.2,
                seed: UInt64 = 42, docs: [String] = [], title: String? = nil, force: Bool = false) {
        self.data = data
        self.out = out
        self.test = test
        self.overrides = overrides
        self.holdout = holdout
        self.seed = seed
        self.docs = docs
        self.title = title
        self.force = force
    }

    /// Holdouts outside this open interval leave too little to train on, or nothing to test.
    public static let holdoutRange = 0.0...0.9

    /// What the folder is made from: the input files' bytes and every option, so the same request finds the same folder.
    func fingerprint(sources: [[UInt8]]) -> String {
        var h = SHA256()
        for bytes in sources { h.update(Array(SHA256.hex(bytes).utf8)) }
        let o = overrides
        let options = [o.target ?? "", o.idColumn ?? "", o.task?.rawValue ?? "", o.metric?.rawValue ?? "", o.positiveLabel ?? "",
                       o.timeColumn ?? "", test == nil ? "\(holdout)" : "test", "\(seed)", title ?? ""] + tables
        h.update(Array(options.joined(separator: "\u{1F}").utf8))
        return h.finalizeHex()
    }
}

/// A folder `tandem new` wrote, with what it inferred and why.
public struct MadeChallenge: Sendable {
    public let folder: String
    public let id: String
    public let notes: [String]
    public let trainRows: Int
    public let testRows: Int
    /// Whether the folder has key/test_labels.csv (a --test file without the target makes an unscored challenge).
    public let scored: Bool
    public let fingerprint: String
}
