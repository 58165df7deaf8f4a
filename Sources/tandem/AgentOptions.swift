import ArgumentParser
import Foundation
import Synchronization
import TandemAgent
import TandemChallenge
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

/// The agents `--agent` names (DESIGN.md section 6).
enum AgentKind: String, ExpressibleByArgument, CaseIterable {
    case heuristic, validated, llm
}

/// `--agent heuristic|validated|llm`, the validated agent's budget and the LLM's config (DESIGN.md section 6).
struct AgentOptions: ParsableArguments {
    @Option(help: """
        Agent: heuristic (offline, uncritical, default), validated (offline, adopts a step only on fold-paired CV evidence) \
        or llm (an OpenAI-compatible endpoint).
        """)
    var agent: AgentKind = .heuristic
    @Option(help: "The validated agent's budget: the steps it may try (one cross-validation each) in a session.")
    var budget = ValidatedAgent.defaultBudget
    @Option(help: "LLM config file (default ~/.config/tandem/config.toml; TANDEM_LLM_* variables override it).") var config: String?

    func validate() throws {
        guard budget >= 0 else { throw ValidationError("--budget \(budget): the number of trials, 0 or more") }
    }

    /// A --config that names no file is an error before anything else starts.
    func checkConfig() throws {
        if let config, !FileManager.default.fileExists(atPath: config) { throw CommandFailure.userError("--config \(config): no such file") }
    }

    /// `stream`: whether replies are streamed (the TUI shows tokens live; batch mode only when someone watches).
    func make(feed: TokenFeed, stream: Bool, challenge: Challenge) throws -> any Agent {
        switch agent {
        case .heuristic: return HeuristicAgent()
        case .validated: return ValidatedAgent(challenge: challenge, budget: budget)
        case .llm: break
        }
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
