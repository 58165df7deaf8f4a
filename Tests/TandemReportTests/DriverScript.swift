import TandemSession

extension SessionDriver {
    /// A scripted session's "ask the agent": the proposals it logged as open.
    func proposeNow() async throws -> [Proposal] {
        if case .proposed(let proposals) = try await perform(.propose) { return proposals }
        return []
    }
}
