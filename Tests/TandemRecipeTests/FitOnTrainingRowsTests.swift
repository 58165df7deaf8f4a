import Testing
@testable import TandemData
@testable import TandemRecipe

/// Issue 19: fitted steps learn from training rows only, on data where the training rows and all rows disagree, so
/// a step that fitted on every row (a leak) gives a different answer than one that fitted correctly.
@Suite struct FitOnTrainingRowsTests {
    /// Training values 1–5 (median 3); held-out 100, 200, 300 pull the all-rows median to 4.5: only a training fit puts
    /// the 4 in the upper bin.
    @Test func binEdgesComeFromTrainingRows() throws {
        let f = try frame("id,a,y\n1,1,0\n2,2,0\n3,3,0\n4,4,0\n5,5,0\n6,100,0\n7,200,0\n8,300,0\n")
        let p = try prepare(try recipe(#"{"op":"bin","column":"a","quantiles":2,"as":"b"}"#), f, train: [0, 1, 2, 3, 4])
        #expect(same(numbers(p, "b"), [0, 0, 0, 1, 1, 1, 1, 1]), "\(numbers(p, "b"))")
    }

    /// Training rows hold x, x, y and one gap; the held-out rows hold y, y, y: the training mode is x, every row's is y.
    @Test func modeImputationFillsWithTheTrainingMode() throws {
        let f = try frame("id,c,y\n1,x,0\n2,x,0\n3,y,0\n4,,0\n5,y,0\n6,y,0\n7,y,0\n")
        let p = try prepare(try recipe(#"{"op":"impute","column":"c","strategy":"mode"}"#), f, train: [0, 1, 2, 3])
        #expect(p.frame["c"]?.string(3) == "x")
    }

    /// Held-out rows 0 and 2 come first and equal training rows 1 and 3: deduplicating every row keeping first
    /// occurrences would drop those training rows. Only duplicates among training rows go, and held-out rows stay.
    @Test func dedupeLooksOnlyAtTrainingRows() throws {
        let f = try frame("id,a,b,y\n1,1,p,0\n2,1,p,0\n3,2,q,1\n4,2,q,1\n5,3,r,0\n6,3,r,0\n")
        let p = try prepare(try recipe(#"{"op":"dedupe"}"#), f, train: [1, 3, 4, 5])
        #expect(p.trainRows == [1, 3, 4] && p.frame.rows == 6, "\(p.trainRows)")
    }
}
