import Foundation
@testable import TandemData
@testable import TandemModel
@testable import TandemRecipe

func frame(_ csv: String) throws -> WorkingFrame {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-recipe-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("t.csv").path
    _ = FileManager.default.createFile(atPath: path, contents: Data(csv.utf8))
    return WorkingFrame(try CSVReader.read(path: path))
}

func step(_ json: String) throws -> RecipeStep {
    let table = try JSONDecoder().decode([String: StepValue].self, from: Data(json.utf8))
    return try RecipeStep(table: table)
}

func recipe(_ steps: String...) throws -> Recipe {
    try Recipe.parse(json: "{\"steps\": [" + steps.joined(separator: ",") + "]}")
}

/// Runs the cleaning/feature steps with every row as a training row.
func prepare(_ r: Recipe, _ f: WorkingFrame, target: String = "y", task: TaskKind = .regression, train: [Int]? = nil) throws -> Preparation {
    let rows = train ?? Array(0..<f.rows)
    var labels = [Double](repeating: .nan, count: f.rows)
    if let y = f[target]?.numbers { for r in rows { labels[r] = y[r] } }
    return try RecipePreparer.prepare(r, frame: f, trainRows: rows, labels: labels, context: RecipeContext(target: target, task: task, idColumn: "id"))
}

func numbers(_ p: Preparation, _ name: String) -> [Double] { p.frame[name]?.numbers ?? [] }

/// NaN-aware equality for expectations.
func same(_ a: [Double], _ b: [Double], tolerance: Double = 1e-9) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { ($0.isNaN && $1.isNaN) || abs($0 - $1) <= tolerance }
}
