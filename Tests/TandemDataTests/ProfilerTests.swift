import Testing
@testable import TandemData

@Suite struct ProfilerTests {
    /// x = 1, 2, 3, 4, 100 — every number below worked out by hand:
    /// mean 110/5 = 22; sample variance (21²+20²+19²+18²+78²)/4 = 7610/4 = 1902.5;
    /// quantiles interpolate at h = 4p between sorted values (p95: 4 + 0.8·96 = 80.8);
    /// skewness g1 = (444600/5) / (7610/5)^1.5 = 1.49753, G1 = g1·√(5·4)/3 = 2.23240.
    @Test func numericSummaryMatchesHandComputedValues() throws {
        let frame = try readCSV("x,label\n1,a\n2,b\n3,a\n4,a\n100,c\n")
        let profile = Profiler.profile(frame, source: "t.csv")
        let x = try #require(profile["x"])
        let n = try #require(x.numeric)
        #expect(x.kind == .int)
        #expect(x.missing == 0 && x.distinct == 5)
        #expect(n.min == 1 && n.max == 100 && n.mean == 22)
        #expect(abs((n.std ?? 0) - 1902.5.squareRoot()) < 1e-12)
        #expect(n.quantile(0.25) == 2 && n.quantile(0.5) == 3 && n.quantile(0.75) == 4)
        #expect(abs((n.quantile(0.95) ?? 0) - 80.8) < 1e-9)
        #expect(abs((n.quantile(0.01) ?? 0) - 1.04) < 1e-9)
        #expect(abs((n.skewness ?? 0) - 2.232395911636458) < 1e-9)
        // 20 bins of width 99/20 = 4.95: 1…4 in the first, 100 in the last.
        let h = try #require(x.histogram)
        #expect(h.counts.count == 20 && h.counts[0] == 4 && h.counts[19] == 1 && h.counts.reduce(0, +) == 5)
        let label = try #require(profile["label"])
        #expect(label.distinct == 3)
        #expect(label.top == [ValueCount(value: "a", count: 3), ValueCount(value: "b", count: 1), ValueCount(value: "c", count: 1)])
    }

    @Test func missingValuesAreCountedAndLeftOutOfStatistics() throws {
        let frame = try readCSV("v,w\n2,a\n,b\nNA,c\n4,d\n")
        let v = try #require(Profiler.profile(frame, source: "t").columns.first)
        #expect(v.rows == 4 && v.missing == 2)
        #expect(v.numeric?.mean == 3)
        #expect(v.numeric?.std == 2.0.squareRoot())
    }

    @Test func hintsNameSentinelsConstantsIdsSkewAndDateText() throws {
        var csv = "id,reading,const,income,when,mostly_gone\n"
        var rng = SeededRandom(seed: 1)
        for i in 0..<400 {
            let reading = i % 50 == 0 ? "-999" : String(Double(rng.int(below: 1000)) / 100)
            let income = String(Int(rng.logNormal(mu: 10, sigma: 1.5)))
            csv += "\(i),\(reading),7,\(income),03/\(10 + i % 18)/2024,\(i % 3 == 0 ? "1" : "")\n"
        }
        let profile = Profiler.profile(try readCSV(csv), source: "t")
        func kinds(_ name: String) -> [ProfileHint.Kind] { profile[name]?.hints.map(\.kind) ?? [] }
        #expect(kinds("id").contains(.idLike))
        #expect(kinds("reading").contains(.sentinel))
        #expect(profile["reading"]?.hints.first { $0.kind == .sentinel }?.value == -999)
        #expect(kinds("const").contains(.constant))
        #expect(kinds("income").contains(.skewed))
        #expect(kinds("when").contains(.dateLike))
        #expect(kinds("mostly_gone").contains(.mostlyMissing))
        #expect(!kinds("reading").contains(.idLike))
    }

    @Test func targetCopyIsFlaggedAsLeakageAndRankedFirst() throws {
        var csv = "noise,signal,leak,y\n"
        var rng = SeededRandom(seed: 2)
        for _ in 0..<500 {
            let y = rng.normal()
            csv += "\(rng.normal()),\(y + rng.normal()),\(y * 2 + 1),\(y)\n"
        }
        let profile = Profiler.profile(try readCSV(csv), source: "t", target: "y")
        #expect(profile.ranking.first == "leak")
        #expect(profile.ranking.last == "noise")
        #expect(profile["leak"]?.hints.contains { $0.kind == .possibleLeakage } == true)
        #expect(profile["signal"]?.hints.contains { $0.kind == .possibleLeakage } == false)
        let r = try #require(profile["leak"]?.association?.correlation)
        #expect(abs(r - 1) < 1e-12)
        #expect(profile["y"]?.association == nil)
    }

    @Test func categoricalAssociationWithBinaryTargetUsesMutualInformation() throws {
        // group a is always 1, group b always 0: I(X;Y) = H(Y) = ln 2 for a 50/50 split.
        var csv = "group,y\n"
        for i in 0..<200 { csv += i % 2 == 0 ? "a,1\n" : "b,0\n" }
        let profile = Profiler.profile(try readCSV(csv), source: "t", target: "y")
        let mi = try #require(profile["group"]?.association?.mutualInformation)
        #expect(abs(mi - log(2.0)) < 1e-12)
    }

    @Test func textReportAlignsColumnsAndDrawsSparklines() throws {
        let frame = try readCSV("amount,kind\n1,x\n2,y\n2,y\n3,z\n")
        let text = ProfileTextReport.render(Profiler.profile(frame, source: "t.csv"))
        #expect(text.hasPrefix("t.csv: 4 rows × 2 columns"))
        #expect(text.contains("█"))
        #expect(ProfileTextReport.sparkline([0, 1, 2, 4]) == " ▃▅█")
        #expect(ProfileTextReport.sparkline([1, 4], ascii: true) == "-@")
        #expect(ProfileTextReport.grouped(1_234_567) == "1,234,567")
    }
}

#if canImport(Glibc)
import Glibc
#endif
