import ArgumentParser
import Foundation
import Synchronization
import TandemAgent
import TandemLLM

/// Streamed tokens as they arrive: the TUI shows the count, batch mode prints progress.
final class TokenFeed: Sendable {
    private let state = Mutex<(count: Int, tail: String)>((0, ""))

    func add(_ token: String) {
        state.withLock { s in
            s.count += 1
            s.tail = String((s.tail + token).suffix(60))
        }
    }

    var count: Int { state.withLock { $0.count } }
    func reset() { state.withLock { $0 = (0, "") } }
}

/// `--agent heuristic|llm` and the LLM's config (DESIGN.md section 6).
struct AgentOptions: ParsableArguments {
    @Option(help: "Agent: heuristic (offline, default) or llm (an OpenAI-compatible endpoint).") var agent = "heuristic"
    @Option(help: "LLM config file (default ~/.config/tandem/config.toml; TANDEM_LLM_* variables override it).") var config: String?

    func validate() throws {
        guard ["heuristic", "llm"].contains(agent) else { throw ValidationError("--agent \(agent): heuristic or llm") }
    }

    /// `stream`: whether replies are streamed (the TUI shows tokens live; batch mode only when someone watches).
    func make(feed: TokenFeed, stream: Bool) throws -> any Agent {
        guard agent == "llm" else { return HeuristicAgent() }
        let env = ProcessInfo.processInfo.environment
        let file = config ?? LLMConfig.defaultFile(environment: env)
        let exists = FileManager.default.fileExists(atPath: file)
        if config != nil, !exists { throw CommandFailure.userError("--config \(file): no such file") }
        do {
            let c = try LLMConfig.load(file: exists ? file : nil, environment: env)
            return LLMAgent(config: c, environment: env, stream: stream, onToken: { feed.add($0) })
        } catch {
            throw CommandFailure.userError(error.description)
        }
    }
}
