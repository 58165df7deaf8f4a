import Foundation
import Testing

@Suite struct ProfileCommandTests {
    @Test func profileJSONDescribesEveryColumn() throws {
        let dir = TempFolder()
        let csv = dir.write("t.csv", "age,city,y\n30,Oslo,1\n41,Bergen,0\n,Oslo,1\n-999,Oslo,0\n")
        let run = try BinaryRunner.run(["profile", csv, "--target", "y", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["rows"] as? Int == 4)
        #expect(object["target"] as? String == "y")
        let columns = try #require(object["columns"] as? [[String: Any]])
        #expect(columns.map { $0["name"] as? String } == ["age", "city", "y"])
        #expect(columns[0]["missing"] as? Int == 1)
        #expect(columns[1]["kind"] as? String == "category")
        #expect((object["ranking"] as? [String])?.count == 2)
    }

    @Test func profileTextIsAnAlignedReport() throws {
        let dir = TempFolder()
        let csv = dir.write("t.csv", "a,b\n1,x\n2,y\n3,x\n")
        let run = try BinaryRunner.run(["profile", csv], environment: ["LANG": "C.UTF-8"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("3 rows × 2 columns"))
        let header = try #require(run.stdout.split(separator: "\n").first { $0.hasPrefix("column") })
        #expect(header.contains("missing") && header.contains("distinct"))
    }

    @Test func malformedCSVGivesOneLineNamingFileAndLineAndExitOne() throws {
        let dir = TempFolder()
        let csv = dir.write("bad.csv", "a,b\n1,2\n3\n")
        let run = try BinaryRunner.run(["profile", csv])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("bad.csv:3: expected 2 fields as in the header, found 1") == true)
    }

    @Test func unknownTargetNamesTheField() throws {
        let dir = TempFolder()
        let csv = dir.write("t.csv", "a,b\n1,2\n")
        let run = try BinaryRunner.run(["profile", csv, "--target", "nope"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("--target \"nope\" is not a column"))
    }

    @Test func missingFileIsAUserError() throws {
        let run = try BinaryRunner.run(["profile", "/nonexistent/x.csv"])
        #expect(run.status == 1)
        #expect(run.stderr == "tandem: cannot read /nonexistent/x.csv: no such file\n")
    }
}

@Suite struct BenchCommandTests {
    /// Issue 18: bench evaluate reports the three figures and that the model-only change was served from the prepared
    /// folds; bench xgboost reports tandem's parts of a fold and the library it links.
    @Test func evaluateAndXGBoostBenchesPrintTheirFigures() throws {
        let run = try BinaryRunner.run(["bench", "evaluate", "food-shelf-life", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(figures["bench"] as? String == "evaluate" && figures["rows"] as? Int == 6000 && figures["cache_hits"] as? Int == 1)
        for key in ["cold_s", "cold_model_s", "model_change_s", "model_change_fits_s", "preview_s", "preview_prep_s", "preview_cold_s"] {
            #expect(figures[key] is Double, "\(key)")
        }
        // The preview's step (date_parts, which runs once on all rows) leaves both per-fold steps' states reusable.
        #expect(figures["preview_reused_steps"] as? Int == 2 && figures["preview_patched"] as? Bool == true, "\(figures)")
        let dir = TempFolder()
        let file = dir.path("b.csv")
        _ = try BinaryRunner.run(["bench", "generate", "--rows", "2000", "--seed", "3", "--out", file])
        let xgb = try BinaryRunner.run(["bench", "xgboost", file, "--target", "target_binary", "--no-peers", "--json"])
        #expect(xgb.status == 0, "\(xgb.stderr)")
        let parts = try #require(try JSONSerialization.jsonObject(with: Data(xgb.stdout.utf8)) as? [String: Any])
        #expect(parts["rows"] as? Double == 1600 && parts["xgboost_version"] as? Double == 10704, "\(parts)")
        for key in ["split_s", "fold_steps_s", "fold_gather_s", "dmatrix_s", "train_s"] { #expect(parts[key] is Double, "\(key)") }
    }

    @Test func generateThenIngestWithoutPeersPrintsTheContractJSON() throws {
        let dir = TempFolder()
        let file = dir.path("b.csv")
        let gen = try BinaryRunner.run(["bench", "generate", "--rows", "500", "--seed", "3", "--out", file])
        #expect(gen.status == 0, "\(gen.stderr)")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.split(separator: "\n").count == 501)
        let run = try BinaryRunner.run(["bench", "ingest", file, "--json", "--no-peers", "--repeat", "1"])
        #expect(run.status == 0, "\(run.stderr)")
        // One JSON line for the file, one for its gzip-compressed copy (b.csv.gz, made beside it), the same rows read.
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 2 && FileManager.default.fileExists(atPath: file + ".gz"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data((lines.first ?? "").utf8)) as? [String: Any])
        let gz = try #require(try JSONSerialization.jsonObject(with: Data((lines.last ?? "").utf8)) as? [String: Any])
        #expect(gz["rows"] as? Int == 500 && (gz["bytes"] as? Int ?? 0) < text.utf8.count)
        #expect(object["bench"] as? String == "ingest")
        #expect(object["rows"] as? Int == 500)
        #expect(object["bytes"] as? Int == text.utf8.count)
        let results = try #require(object["results"] as? [[String: Any]])
        #expect(results.first?["name"] as? String == "tandem")
        #expect((results.first?["seconds"] as? Double ?? 0) > 0)
        #expect((results.first?["peak_rss_mb"] as? Double ?? 0) > 0)
        #expect(object["speedup"] is [String: Any])
    }

    @Test func generationIsDeterministicForASeed() throws {
        let dir = TempFolder()
        for name in ["a.csv", "b.csv"] {
            _ = try BinaryRunner.run(["bench", "generate", "--rows", "200", "--seed", "9", "--out", dir.path(name)])
        }
        #expect(FileManager.default.contentsEqual(atPath: dir.path("a.csv"), andPath: dir.path("b.csv")))
    }
}
