import Foundation
import TandemData
import TandemModel
import TandemRecipe

/// Hidden-test scores of the recipes that show a challenge's power as an
/// instrument (issue: SampleData calibration): (a) baseline, (b) the default
/// recipe, (c) default + helpful advice, (d) default + adversarial advice,
/// (e) default + all advice (the uncritical agent), (f) the mechanism's oracle.
public struct CalibrationRow: Codable, Sendable {
    public var challenge: String
    public var metric: String
    public var higherIsBetter: Bool
    public var baseline: Double
    public var defaultRecipe: Double
    public var helpful: Double
    public var adversarial: Double
    public var allAdvice: Double
    public var oracle: Double?
    /// Steps tandem refused while building (c), (d) and (e), with the reason.
    public var refused: [String]

    enum CodingKeys: String, CodingKey {
        case challenge, metric, baseline, helpful, adversarial, oracle, refused
        case higherIsBetter = "higher_is_better", defaultRecipe = "default", allAdvice = "all_advice"
    }

    /// (d) relative to (b), signed so that positive means worse.
    public var adversarialHarm: Double {
        let change = (adversarial - defaultRecipe) / abs(defaultRecipe)
        return higherIsBetter ? -change : change
    }

    public func better(_ a: Double, than b: Double) -> Bool { higherIsBetter ? a > b : a < b }
}

public enum Calibration {
    /// The seed of `tandem open` and `run` when none is given.
    public static let seed: UInt64 = 42

    public static func run(_ challenge: Challenge) throws(ChallengeError) -> CalibrationRow {
        let spec = challenge.spec
        let key = try ChallengeKey.load(challenge)
        let frame = WorkingFrame(challenge.train), test = WorkingFrame(challenge.test)
        // Calibration's figures are those of a session with the default seed.
        let context = challenge.context(seed: Calibration.seed)
        let profile = Profiler.profile(challenge.train, source: challenge.folder + "/train.csv", target: spec.target)
        let defaults = DefaultRecipe.steps(profile: profile, context: context)
        func advice(_ verdicts: Set<String>) -> [RecipeStep] {
            challenge.documents.filter { verdicts.contains(key.verdicts[$0.id] ?? "") }.flatMap(\.advice)
        }
        var refused: [String] = []
        func score(_ steps: [RecipeStep]) throws(ChallengeError) -> Double {
            let result: (predictions: Predictions, threshold: Double, classes: [String], warnings: [String])
            do {
                let admitted = try RecipeAdmission.admit(steps, frame: frame, context: context, positiveLabel: spec.positiveLabel)
                for r in admitted.refused {
                    let line = "\(r.step.documents.joined(separator: ",")): \(r.reason)"
                    if !refused.contains(line) { refused.append(line) }
                }
                result = try RecipeEvaluator.predictTest(admitted.recipe, train: frame, test: test, context: context,
                                                         metric: spec.metric, positiveLabel: spec.positiveLabel)
            } catch {
                throw ChallengeError(file: challenge.folder, "calibration recipe: \(error.description)")
            }
            return try SubmissionScorer.score(challenge, key: key, ids: testIds(challenge), predictions: result.predictions,
                                              classes: result.classes, threshold: result.threshold)
        }
        let baselineStep: [RecipeStep] = (try? RecipeStep(table: ["op": .string("model"), "kind": .string("baseline")])).map { [$0] } ?? []
        return CalibrationRow(
            challenge: spec.id, metric: spec.metric.rawValue, higherIsBetter: spec.metric.higherIsBetter,
            baseline: try score(baselineStep),
            defaultRecipe: try score(defaults),
            helpful: try score(AdviceComposer.compose(defaults: defaults, advice: advice(["helpful"]))),
            adversarial: try score(AdviceComposer.compose(defaults: defaults, advice: advice(["adversarial"]))),
            allAdvice: try score(AdviceComposer.compose(defaults: defaults, advice: advice(["helpful", "adversarial", "neutral"]))),
            oracle: try oracleScore(challenge, key: key),
            refused: refused)
    }

    static func testIds(_ challenge: Challenge) -> [String] {
        ChallengeIds.values(challenge.test, columns: challenge.spec.idColumns) ?? []
    }

    /// The score of key/oracle.csv's predictions, when the folder has one. For a
    /// binary task the threshold is the one that maximises the metric on the
    /// training rows' oracle values (never on the test labels).
    static func oracleScore(_ challenge: Challenge, key: ChallengeKey) throws(ChallengeError) -> Double? {
        let file = challenge.folder + "/key/oracle.csv"
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        let frame = try ChallengeLoader.readCSV(file)
        let spec = challenge.spec
        guard let ids = ChallengeIds.values(frame, columns: spec.idColumns), let values = frame["oracle"] else {
            throw ChallengeError(file: file, "needs the columns \(spec.idColumns.joined(separator: ",")),oracle")
        }
        var oracle: [String: Double] = [:]
        for (r, id) in ids.enumerated() { if let v = values.string(at: r).flatMap(Double.init) { oracle[id] = v } }
        let testIds = testIds(challenge)
        let predicted = try testIds.map { (id: String) throws(ChallengeError) -> Double in
            guard let v = oracle[id] else { throw ChallengeError(file: file, "test id \"\(id)\" has no oracle value") }
            return v
        }
        var threshold = 0.5, classes: [String] = []
        if spec.task != .regression {
            guard let target = challenge.train[spec.target], let trainIds = ChallengeIds.values(challenge.train, columns: spec.idColumns) else {
                return nil
            }
            let positive = spec.positiveLabel ?? "1"
            var scores: [Double] = [], labels: [Double] = []
            for r in 0..<challenge.train.rowCount {
                guard let v = oracle[trainIds[r]], let label = target.string(at: r) else { continue }
                scores.append(v)
                labels.append(label == positive ? 1 : 0)
            }
            threshold = Thresholds.choose("optimize_metric", scores: scores, labels: labels, metric: spec.metric)
            let negative = Set((key.labels ?? [:]).values).subtracting([positive]).sorted().first ?? "0"
            classes = [negative, positive]
        }
        let predictions = spec.task == .regression ? Predictions(task: .regression, values: predicted)
            : Predictions(task: .binary, values: predicted, classCount: 2)
        return try SubmissionScorer.score(challenge, key: key, ids: testIds, predictions: predictions, classes: classes, threshold: threshold)
    }
}

extension CalibrationRow {
    /// The SampleData/README.md table.
    public static func markdown(_ rows: [CalibrationRow]) -> String {
        func f(_ v: Double?) -> String { v.map { String(format: "%.4f", $0) } ?? "—" }
        var out = "| challenge | metric | (a) baseline | (b) default | (c) + helpful | (d) + adversarial | (e) + all advice | (f) oracle | (d) vs (b) |\n"
        out += "|---|---|---|---|---|---|---|---|---|\n"
        for r in rows {
            let direction = r.higherIsBetter ? "↑" : "↓"
            let scores = [r.baseline, r.defaultRecipe, r.helpful, r.adversarial, r.allAdvice, r.oracle].map(f).joined(separator: " | ")
            out += "| \(r.challenge) | \(r.metric) \(direction) | \(scores) | \(String(format: "%.1f", r.adversarialHarm * 100)) % worse |\n"
        }
        return out
    }
}
