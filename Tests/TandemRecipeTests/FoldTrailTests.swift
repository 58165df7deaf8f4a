import Foundation
import Testing
@testable import TandemData
@testable import TandemModel
@testable import TandemRecipe

/// A preview's what-if resumes from the fold states of the recipe it is measured against (issue 18). What it reuses
/// must be what a fresh run computes: every test compares the resumed run's prepared matrices, cell for cell and
/// column for column, and its scores and warnings, with a run on an empty cache.
@Suite struct FoldTrailTests {
    /// A shop's orders as someone exports them: missing cells left empty, quoted notes with commas, dates as text,
    /// a city spelt two ways.
    static let orders: String = {
        var lines = ["order_id,amount,basket,city,shop,joined,note,returned"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: UInt64) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % n)
        }
        let cities = ["Paris", "paris", "Lyon", "Nice", "Lille", "Nantes"]
        for i in 0..<900 {
            let amount = next(10) == 0 ? "" : String(format: "%.2f", Double(next(20_000)) / 100)
            let basket = String(next(12) + 1)
            let city = cities[next(UInt64(cities.count))]
            let shop = "shop-\(next(45))"
            let joined = String(format: "2024-%02d-%02d", next(12) + 1, next(28) + 1)
            let note = next(3) == 0 ? "\"late, then damaged\"" : "ok"
            let risk = (amount.isEmpty ? 0.3 : (Double(amount) ?? 0) / 200) + (city == "Nice" ? 0.3 : 0) + Double(next(40)) / 100
            lines.append("\(i + 1),\(amount),\(basket),\(city),\(shop),\(joined),\(note),\(risk > 0.8 ? "yes" : "no")")
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    let context = RecipeContext(target: "returned", task: .binary, idColumn: "order_id", seed: 5)
    let base: Recipe

    init() throws {
        base = try recipe(#"{"op":"impute","column":"amount","strategy":"median"}"#, #"{"op":"one_hot","column":"city"}"#,
                          #"{"op":"frequency_encode","column":"shop"}"#, #"{"op":"drop_column","column":"note"}"#,
                          #"{"op":"model","kind":"gbm","params":{"n_estimators":8,"max_depth":3}}"#,
                          #"{"op":"cv","folds":4,"scheme":"stratified"}"#)
    }

    func folds(_ cache: PreparedFoldsCache, _ r: Recipe, rows: Int, context: RecipeContext) throws -> [PreparedFold] {
        let settings = try EvaluationSettings(recipe: r, context: context)
        let key = PreparedFoldsCache.key(r, settings: settings, context: context, positiveLabel: "yes", rows: rows)
        return try #require(cache.folds(for: key)).folds
    }

    /// Evaluates the base recipe, then the recipe with `step` where a preview puts it, on one cache; and the same recipe
    /// on an empty cache. Returns what the first cache says it reused.
    func preview(_ step: String, base: Recipe? = nil, cache: PreparedFoldsCache = PreparedFoldsCache(), context: RecipeContext? = nil)
        throws -> PrefixReuse {
        let f = try frame(Self.orders)
        let context = context ?? self.context
        let base = base ?? self.base
        let added = try TandemRecipeTests.step(step)
        var steps = base.steps
        steps.insert(added, at: StepDependencies.insertionIndex(of: added.step, into: steps))
        let with = Recipe(steps: steps)
        _ = try RecipeEvaluator.crossValidate(base, frame: f, context: context, metric: .macroF1, positiveLabel: "yes", cache: cache)
        let resumed = try RecipeEvaluator.crossValidate(with, frame: f, context: context, metric: .macroF1, positiveLabel: "yes", cache: cache)
        let empty = PreparedFoldsCache()
        let fresh = try RecipeEvaluator.crossValidate(with, frame: f, context: context, metric: .macroF1, positiveLabel: "yes", cache: empty)
        #expect(resumed == fresh)
        if cache.limit >= 1 << 20 {
            let a = try folds(cache, with, rows: f.rows, context: context), b = try folds(empty, with, rows: f.rows, context: context)
            #expect(a.count == b.count)
            for (x, y) in zip(a, b) {
                #expect(x.xTrain.names == y.xTrain.names)
                #expect(sameCells(x.xTrain.values, y.xTrain.values) && sameCells(x.xPredict.values, y.xPredict.values))
                #expect(x.y.elementsEqual(y.y) { $0.bitPattern == $1.bitPattern })
                #expect(x.warnings == y.warnings)
            }
        }
        return cache.prefixReuse
    }

    func sameCells(_ a: [Float], _ b: [Float]) -> Bool { a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern } }

    @Test func aFeatureStepAtTheEndResumesAfterEveryPerFoldStep() throws {
        // impute, one_hot and frequency_encode are fitted per fold; target_encode joins after them.
        #expect(try preview(#"{"op":"target_encode","column":"shop","as":"shop_rate"}"#) == PrefixReuse(evaluations: 1, steps: 3, patched: 0))
    }

    @Test func aStepPutBeforeOneThatRemovesItsColumnResumesAfterTheStepsBeforeIt() throws {
        // one_hot removes city, so a step reading city goes before it: only impute's states are reused.
        #expect(try preview(#"{"op":"target_encode","column":"city","as":"city_rate"}"#) == PrefixReuse(evaluations: 1, steps: 1, patched: 0))
    }

    @Test func aStepThatLearnsNothingChangesTheStartFrameAndTheFoldsArePatched() throws {
        // derive and date_parts run once on all rows: every fold's states are reused, with the new columns put where
        // a fresh run puts them (derive appends; date_parts replaces joined in its place).
        #expect(try preview(#"{"op":"derive","expr":"basket * 2","as":"basket2"}"#) == PrefixReuse(evaluations: 1, steps: 3, patched: 1))
        #expect(try preview(#"{"op":"date_parts","column":"joined","parts":["month","dow"]}"#) == PrefixReuse(evaluations: 1, steps: 3, patched: 1))
        #expect(try preview(#"{"op":"log1p","column":"basket"}"#) == PrefixReuse(evaluations: 1, steps: 3, patched: 1))
        // Per-fold steps that append columns (target_encode as shop_rate) put theirs after the new ones.
        let appending = try recipe(#"{"op":"impute","column":"amount","strategy":"median"}"#, #"{"op":"target_encode","column":"shop","as":"shop_rate"}"#,
                                   #"{"op":"standardize","column":"basket","as":"basket_z"}"#,
                                   #"{"op":"model","kind":"gbm","params":{"n_estimators":8,"max_depth":3}}"#,
                                   #"{"op":"cv","folds":4,"scheme":"stratified"}"#)
        #expect(try preview(#"{"op":"text_flag","column":"note","pattern":"damaged","as":"damaged"}"#, base: appending)
            == PrefixReuse(evaluations: 1, steps: 3, patched: 1))
        #expect(try preview(#"{"op":"date_parts","column":"joined","parts":["month"]}"#, base: appending)
            == PrefixReuse(evaluations: 1, steps: 3, patched: 1))
    }

    @Test func theTimeColumnMayChangeWhenNoPerFoldStepReadsRowsInTimeOrder() throws {
        // date_parts replaces the time column (folds are cut before any step runs); only lag and rolling_mean read it.
        let timed = RecipeContext(target: "returned", task: .binary, idColumn: "order_id", timeColumn: "joined", seed: 5)
        let onTime = Recipe(steps: base.steps.filter { $0.step.op != .cv } + [try TandemRecipeTests.step(#"{"op":"cv","folds":3,"scheme":"time"}"#)])
        #expect(try preview(#"{"op":"date_parts","column":"joined","parts":["month"]}"#, base: onTime, context: timed)
            == PrefixReuse(evaluations: 1, steps: 3, patched: 1))
    }

    @Test func textCodesAreKeptPerColumnNeverPerShape() {
        // Two text columns of the same length: each gets its own codes; the same column is encoded once.
        let memo = TextCodes()
        let first = WorkingColumn.text(TextValues(["late", "ok", nil, "ok"])), second = WorkingColumn.text(TextValues(["ok", "late", "late", nil]))
        let a = memo.codes(first), b = memo.codes(second)
        #expect(a.codes == Encoding.codes(first).codes && a.levels == Encoding.codes(first).levels)
        #expect(b.codes == Encoding.codes(second).codes && b.codes != a.codes)
        #expect(memo.codes(first).codes == a.codes)
    }

    @Test func aStartFrameChangeInAColumnAPerFoldStepReadsIsPreparedAgain() throws {
        // replace_value joins before one_hot (which removes city) and runs once: one_hot must be fitted again on the
        // merged spelling, so nothing is reused, and the result is a fresh run's.
        let reuse = try preview(#"{"op":"replace_value","column":"city","from":"paris","to":"Paris"}"#)
        #expect(reuse == PrefixReuse())
        // A derive that rewrites amount joins before the drop of the column it reads, so it runs once, ahead of
        // standardize, which reads amount and leaves it in place: standardize is fitted again.
        let reading = try recipe(#"{"op":"drop_column","column":"basket"}"#, #"{"op":"standardize","column":"amount","as":"amount_z"}"#,
                                 #"{"op":"model","kind":"gbm","params":{"n_estimators":8,"max_depth":3}}"#,
                                 #"{"op":"cv","folds":4,"scheme":"stratified"}"#)
        #expect(try preview(#"{"op":"derive","expr":"basket * 3","as":"amount"}"#, base: reading) == PrefixReuse())
    }

    @Test func withoutRoomForTheTrailNothingIsKeptAndScoresAreTheSame() throws {
        #expect(try preview(#"{"op":"target_encode","column":"shop","as":"shop_rate"}"#, cache: PreparedFoldsCache(limit: 1)) == PrefixReuse())
    }

    @Test func statesOfOtherFoldsAreNeverReused() throws {
        // The same steps cross-validated on three k-folds after four stratified ones: the folds differ, nothing is reused.
        let f = try frame(Self.orders)
        let cache = PreparedFoldsCache()
        _ = try RecipeEvaluator.crossValidate(base, frame: f, context: context, metric: .macroF1, positiveLabel: "yes", cache: cache)
        let other = Recipe(steps: base.steps.filter { $0.step.op != .cv } + [try TandemRecipeTests.step(#"{"op":"cv","folds":3,"scheme":"kfold"}"#)])
        let resumed = try RecipeEvaluator.crossValidate(other, frame: f, context: context, metric: .macroF1, positiveLabel: "yes", cache: cache)
        let fresh = try RecipeEvaluator.crossValidate(other, frame: f, context: context, metric: .macroF1, positiveLabel: "yes")
        #expect(resumed == fresh && cache.prefixReuse == PrefixReuse())
    }
}
