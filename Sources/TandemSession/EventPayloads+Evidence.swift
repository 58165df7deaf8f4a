import TandemModel
import TandemRecipe

// The evidence beside a proposal (issue 18): a preview's what-if folds, and a validating agent's trials.

extension EventPayload {
    /// proposal_previewed: the proposal's what-if, as the human saw it: the recipe (`fingerprint`) with the step
    /// (`cv_folds`) against it without (`base_folds`), on the same folds and seed.
    public struct ProposalPreviewed: PayloadBody, Equatable {
        public var proposalId: String
        public var fingerprint: String
        public var metric: String
        public var cvFolds: [Double]
        public var baseFolds: [Double]
        public var durationMs: Int?

        public init(proposalId: String, fingerprint: String, metric: String, cvFolds: [Double], baseFolds: [Double], durationMs: Int? = nil) {
            (self.proposalId, self.fingerprint, self.metric) = (proposalId, fingerprint, metric)
            (self.cvFolds, self.baseFolds, self.durationMs) = (cvFolds, baseFolds, durationMs)
        }

        /// The step's fold-paired gain, + better in the metric's direction; nil for an unknown metric or unpaired folds.
        public var gain: FoldGain? { Metric(rawValue: metric).flatMap { FoldGain(with: cvFolds, without: baseFolds, higherIsBetter: $0.higherIsBetter) } }

        init(_ r: inout PayloadReader) throws(PayloadDecodingError) {
            proposalId = try PayloadReader.present(r.string(.proposalId), .proposalId)
            fingerprint = try PayloadReader.present(r.string(.fingerprint), .fingerprint)
            metric = try PayloadReader.present(r.string(.metric), .metric)
            cvFolds = try PayloadReader.present(r.doubles(.cvFolds), .cvFolds)
            baseFolds = try PayloadReader.present(r.doubles(.baseFolds), .baseFolds)
            durationMs = try r.int(.durationMs)
        }

        func write(_ w: inout PayloadWriter) {
            w.put(.proposalId, proposalId)
            w.put(.fingerprint, fingerprint)
            w.put(.metric, metric)
            w.put(.cvFolds, cvFolds)
            w.put(.baseFolds, baseFolds)
            w.put(.durationMs, durationMs)
        }
    }

    /// agent_trial: a step a validating agent tried on the recipe it had (`fingerprint`), its folds with and without
    /// the step, whether it was adopted, and why.
    public struct AgentTrial: PayloadBody, Equatable {
        public var step: RecipeStep
        public var stage: Stage
        public var fingerprint: String
        public var metric: String
        public var cvFolds: [Double]
        public var baseFolds: [Double]
        public var adopted: Bool
        public var reason: String

        public init(step: RecipeStep, stage: Stage, fingerprint: String, metric: String, cvFolds: [Double], baseFolds: [Double],
                    adopted: Bool, reason: String) {
            (self.step, self.stage, self.fingerprint, self.metric) = (step, stage, fingerprint, metric)
            (self.cvFolds, self.baseFolds, self.adopted, self.reason) = (cvFolds, baseFolds, adopted, reason)
        }

        init(_ r: inout PayloadReader) throws(PayloadDecodingError) {
            step = try PayloadReader.present(r.step(.step), .step)
            stage = try PayloadReader.present(r.enumeration(.stage), .stage)
            fingerprint = try PayloadReader.present(r.string(.fingerprint), .fingerprint)
            metric = try PayloadReader.present(r.string(.metric), .metric)
            cvFolds = try r.doubles(.cvFolds) ?? []
            baseFolds = try r.doubles(.baseFolds) ?? []
            adopted = try PayloadReader.present(r.bool(.adopted), .adopted)
            reason = try PayloadReader.present(r.string(.reason), .reason)
        }

        func write(_ w: inout PayloadWriter) {
            w.put(.step, step)
            w.put(.stage, stage.rawValue)
            w.put(.fingerprint, fingerprint)
            w.put(.metric, metric)
            w.put(.cvFolds, cvFolds)
            w.put(.baseFolds, baseFolds)
            w.put(.adopted, adopted)
            w.put(.reason, reason)
        }
    }
}
