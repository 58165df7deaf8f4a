import Testing
import TandemRecipe

/// The number beside a proposal and behind every validated adoption (issue 18), computed by hand on small cases.
@Suite struct FoldGainTests {
    @Test func meanAndStandardErrorOfThePerFoldDifferences() throws {
        // Higher is better: differences 2, 3, 4; mean 3; sample sd 1; standard error 1/√3 = 0.57735.
        let up = try #require(FoldGain(with: [3, 4, 5], without: [1, 1, 1], higherIsBetter: true))
        #expect(up.mean == 3 && abs(up.standardError - 0.5773502691896258) < 1e-12)
        #expect(up.text() == "ΔCV +3.0000 ± 0.5774" && up.text(ascii: true) == "dCV +3.0000 +- 0.5774" && up.isClear)
        // Lower is better (an error metric): the same folds are a loss.
        let down = try #require(FoldGain(with: [3, 4, 5], without: [1, 1, 1], higherIsBetter: false))
        #expect(down.mean == -3 && down.text() == "ΔCV -3.0000 ± 0.5774" && !down.isClear)
        // Paired: a step that helps every fold a little is clear even when the folds differ a lot from each other.
        let paired = try #require(FoldGain(with: [0.51, 0.91, 0.71], without: [0.50, 0.90, 0.70], higherIsBetter: true))
        #expect(abs(paired.mean - 0.01) < 1e-12 && paired.standardError < 1e-12 && paired.isClear)
        // Noise: differences +0.02, -0.01, +0.02; mean 0.01; sd 0.01732; se 0.01; not more than one se above zero.
        let noise = try #require(FoldGain(with: [0.52, 0.49, 0.52], without: [0.50, 0.50, 0.50], higherIsBetter: true))
        #expect(abs(noise.mean - 0.01) < 1e-12 && abs(noise.standardError - 0.01) < 1e-12 && !noise.isClear)
        // Unpaired or single folds give no gain at all, never a silent 0.
        #expect(FoldGain(with: [1, 2], without: [1], higherIsBetter: true) == nil)
        #expect(FoldGain(with: [1], without: [0], higherIsBetter: true) == nil)
    }
}
