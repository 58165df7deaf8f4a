import Foundation
import TandemData

/// Writes a small, valid binary-classification challenge folder; tests then break one thing at a time.
public struct ChallengeFixture {
    public let folder: String

    public init(rows: Int = 300, testRows: Int = 100, seed: UInt64 = 1) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-challenge-\(UUID().uuidString)/churn-demo").path
        let fm = FileManager.default
        try fm.createDirectory(atPath: folder + "/docs", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: folder + "/key", withIntermediateDirectories: true)
        try write("challenge.toml", """
        id = "churn-demo"
        title = "Churn demo"
        industry = "commerce"
        task = "binary"
        target = "churned"
        id_column = "id"
        metric = "auc"
        positive_label = "yes"
        description = "Predict which customers leave."
        source = "synthetic (test fixture)"
        """)
        var rng = SeededRandom(seed: seed)
        var train = "id,tenure,plan,spend,churned\n", test = "id,tenure,plan,spend\n", key = "id,churned\n"
        for i in 0..<(rows + testRows) {
            let tenure = rng.int(below: 60), plan = ["basic", "pro", "team"][rng.int(below: 3)]
            let spend = rng.chance(0.05) ? -999 : Double(rng.int(below: 10_000)) / 100
            let p = 1 / (1 + exp(-(2 - Double(tenure) / 12 + (plan == "basic" ? 0.8 : 0))))
            let label = rng.uniform() < p ? "yes" : "no"
            if i < rows { train += "\(i),\(tenure),\(plan),\(spend),\(label)\n" } else {
                test += "\(i),\(tenure),\(plan),\(spend)\n"
                key += "\(i),\(label)\n"
            }
        }
        try write("train.csv", train)
        try write("test.csv", test)
        try write("key/test_labels.csv", key)
        try write("docs/01-tenure.md", """
        +++
        title = "Tenure matters"
        stage = "features"
        [[advice]]
        op = "bin"
        column = "tenure"
        quantiles = 4
        +++
        Customers in their first year leave most.
        """)
        try write("docs/02-sentinel.md", "+++\ntitle = \"Spend sentinel\"\nstage = \"cleaning\"\n[[advice]]\nop = \"replace_value\"\ncolumn = \"spend\"\nfrom = -999\nto = \"\"\n+++\nThe billing export writes -999 for unknown spend.\n")
        try write("key/documents.toml", "[[document]]\nfile = \"01-tenure.md\"\nverdict = \"helpful\"\nwhy = \"true\"\n[[document]]\nfile = \"02-sentinel.md\"\nverdict = \"helpful\"\nwhy = \"true\"\n")
    }

    /// Writes a file of the folder, creating its sub-folder (tables/...) when needed.
    public func write(_ name: String, _ text: String) throws {
        let path = folder + "/" + name
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    public func read(_ name: String) throws -> String { try String(contentsOfFile: folder + "/" + name, encoding: .utf8) }

    public func replace(_ name: String, _ old: String, _ new: String) throws {
        try write(name, try read(name).replacingOccurrences(of: old, with: new))
    }

    public func remove(_ name: String) throws { try FileManager.default.removeItem(atPath: folder + "/" + name) }

    public var parent: String { (folder as NSString).deletingLastPathComponent }
}
