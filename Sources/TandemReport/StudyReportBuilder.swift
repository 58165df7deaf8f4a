import TandemSession

extension StudyReport {
    /// - Parameters:
    ///   - comparisons: `compare`'s per-challenge view, with attributions (the worth of interventions).
    ///   - simulatedSessions: the sessions whose row marks a scripted participant.
    public static func build(_ comparisons: [ChallengeComparison], simulatedSessions: Set<String>) -> StudyReport {
        let humans = comparisons.flatMap { $0.sessions.filter { $0.mode != "ai-only" } }
        let aiOnly = comparisons.reduce(0) { $0 + $1.sessions.count } - humans.count
        let scripted = humans.filter { simulatedSessions.contains($0.session) }.count
        let simulated = scripted == 0 ? nil
            : "SIMULATED STUDY: \(scripted) of \(humans.count) human–AI sessions are scripted participants (tandem sample study), not people."
        let headline = "tandem study report: \(humans.count) human–AI and \(aiOnly) AI-only sessions on \(comparisons.count) challenge(s), "
            + "\(Set(humans.map { $0.participant ?? anonymous }).count) participant(s)"
        let sections = comparisons.map(section)
        var pooled: [String: FlagScore] = [:]
        for c in sections {
            for f in c.flags {
                var p = pooled[f.participant] ?? FlagScore(participant: f.participant, sessions: 0, flagged: 0, correct: 0, adversarial: 0)
                p.sessions += f.sessions
                p.flagged += f.flagged
                p.correct += f.correct
                p.adversarial += f.adversarial
                pooled[f.participant] = p.graded()
            }
        }
        return StudyReport(simulated: simulated, headline: headline, challenges: sections,
                           participants: pooled.values.sorted { $0.participant < $1.participant })
    }

    static let anonymous = "(no participant id)"

    static func section(_ c: ChallengeComparison) -> Challenge {
        let humans = c.sessions.filter { $0.mode != "ai-only" }
        let higher = c.higherIsBetter
        let scores = humans.compactMap { s in s.finalTest.map { SessionScore(session: s.session, participant: s.participant, test: $0) } }
        let values = scores.map(\.test)
        let distribution = Distribution(sessions: humans.count, unscored: humans.count - scores.count, scores: scores,
                                        best: higher.flatMap { values.isEmpty ? nil : ($0 ? values.max() : values.min()) },
                                        median: median(values))
        let arms = c.arms.map { a in
            ArmPlacement(agent: a.agent, sessions: a.aiOnly.sessions,
                         scores: c.sessions.filter { $0.mode == "ai-only" && $0.agent == a.agent }.compactMap { s in
                             s.finalTest.map { SessionScore(session: s.session, participant: s.participant, test: $0) }
                         },
                         test: a.aiOnly.finalTest,
                         quantileRank: a.aiOnly.finalTest.flatMap { quantileRank($0, among: values, higherIsBetter: higher) })
        }
        let adversarial = Set(c.adversarialDocuments ?? [])
        var flags: [FlagScore] = []
        if c.adversarialDocuments != nil {
            for (participant, sessions) in Dictionary(grouping: humans, by: { $0.participant ?? anonymous }).sorted(by: { $0.key < $1.key }) {
                let flagged = sessions.reduce(0) { $0 + $1.flagged.count }
                let correct = sessions.reduce(0) { $0 + Set($1.flagged).intersection(adversarial).count }
                flags.append(FlagScore(participant: participant, sessions: sessions.count, flagged: flagged, correct: correct,
                                       adversarial: adversarial.count * sessions.count).graded())
            }
        }
        var groups: [(String, [SessionAnalysis])] = [("human-ai", humans)]
        for a in c.arms { groups.append((a.agent, c.sessions.filter { $0.mode == "ai-only" && $0.agent == a.agent })) }
        let adoption: [Adoption] = c.adversarialDocuments == nil ? [] : groups.map { name, members in
            let adopted = members.reduce(0) { n, s in n + Set(s.adversarialApplied.flatMap(\.documents)).intersection(adversarial).count }
            let possible = adversarial.count * members.count
            return Adoption(group: name, sessions: members.count, adversarial: possible, adopted: adopted,
                            rate: possible == 0 ? nil : Double(adopted) / Double(possible))
        }
        let cost = groups.map { name, members in
            let unpriced = members.contains { $0.promptTokens + $0.completionTokens > 0 && $0.cost == nil }
            return Cost(group: name, sessions: members.count, promptTokens: members.reduce(0) { $0 + $1.promptTokens },
                        completionTokens: members.reduce(0) { $0 + $1.completionTokens },
                        cost: unpriced ? nil : members.reduce(0.0) { $0 + ($1.cost ?? 0) })
        }
        return Challenge(challenge: c.challenge, metric: c.metric, higherIsBetter: higher, humanAI: distribution, arms: arms, flags: flags,
                         adoption: adoption, worth: worth(humans), cost: cost, warnings: c.warnings)
    }

    /// Interventions grouped by kind and stage, in the order the stages run.
    static func worth(_ sessions: [SessionAnalysis]) -> [Worth] {
        let stageOrder = ["cleaning": 0, "features": 1, "modelling": 2]
        var groups: [String: (kind: String, stage: String, n: Int, worths: [Double])] = [:]
        for s in sessions {
            for a in s.attributions ?? [] {
                let key = a.stage + "/" + a.kind
                var g = groups[key] ?? (a.kind, a.stage, 0, [])
                g.n += 1
                if let w = a.worth, w.isFinite { g.worths.append(w) }
                groups[key] = g
            }
        }
        return groups.values.sorted { ((stageOrder[$0.stage] ?? 3), $0.stage, $0.kind) < ((stageOrder[$1.stage] ?? 3), $1.stage, $1.kind) }.map {
            Worth(kind: $0.kind, stage: $0.stage, interventions: $0.n, scored: $0.worths.count,
                  mean: $0.worths.isEmpty ? nil : $0.worths.reduce(0, +) / Double($0.worths.count))
        }
    }

    /// The share of `scores` that `value` beats in the metric's direction, a tie counting half; nil without scores or
    /// a known direction.
    public static func quantileRank(_ value: Double, among scores: [Double], higherIsBetter: Bool?) -> Double? {
        guard let higher = higherIsBetter, !scores.isEmpty else { return nil }
        let beaten = scores.filter { higher ? value > $0 : value < $0 }.count
        let tied = scores.filter { $0 == value }.count
        return (Double(beaten) + 0.5 * Double(tied)) / Double(scores.count)
    }

    static func median(_ values: [Double]) -> Double? {
        let v = values.sorted()
        guard !v.isEmpty else { return nil }
        return v.count % 2 == 1 ? v[v.count / 2] : (v[v.count / 2 - 1] + v[v.count / 2]) / 2
    }
}

extension StudyReport.FlagScore {
    /// Precision and recall from the counts.
    func graded() -> Self {
        var f = self
        f.precision = flagged == 0 ? nil : Double(correct) / Double(flagged)
        f.recall = adversarial == 0 ? nil : Double(correct) / Double(adversarial)
        return f
    }
}
