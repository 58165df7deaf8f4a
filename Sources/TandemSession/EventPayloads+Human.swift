import TandemRecipe

// The payloads of a human's own steps, flags, notes, undo and stage changes, of the scores and of the end.

extension EventPayload {
    /// step_added: a step the human wrote, at `index` when given (else last).
    public struct Addition: PayloadBody, Equatable {
        public var step: RecipeStep
        public var index: Int?
        public var latencyMs: Int?

        public init(step: RecipeStep, index: Int? = nil, latencyMs: Int? = nil) { (self.step, self.index, self.latencyMs) = (step, index, latencyMs) }

        init(_ r: inout PayloadReader) throws(PayloadDecodingError) {
            step = try PayloadReader.present(r.step(.step), .step)
            index = try r.int(.index)
            latencyMs = try r.int(.latencyMs)
        }

        func write(_ w: inout PayloadWriter) {
            w.put(.step, step)
            w.put(.index, index)
            w.put(.latencyMs, latencyMs)
        }
    }

    /// step_removed: the applied step at `index` (0-based) taken out.
    public struct Removal: PayloadBody, Equatable {
        public var index: Int
        public var latencyMs: Int?

        public init(index: Int, latencyMs: Int? = nil) { (self.index, self.latencyMs) = (index, latencyMs) }

        init(_ r: inout PayloadReader) throws(PayloadDecodingError) {
            index = try PayloadReader.present(r.int(.index), .index)
            latencyMs = try r.int(.latencyMs)
        }

        func write(_ w: inout PayloadWriter) {
            w.put(.index, index)
            w.put(.latencyMs, latencyMs)
        }
    }

    /// document_flagged and document_unflagged: the document whose advice is (no longer) distrusted.
    public struct DocumentChange: PayloadBody, Equatable {
        public var document: String
        public var latencyMs: Int?

        public init(document: String, latencyMs: Int? = nil) { (self.document, self.latencyMs) = (document, latencyMs) }

        init(_ r: inout PayloadReader) throws(PayloadDecodingError) {
            document = try PayloadReader.present(r.string(.document), .document)
            latencyMs = try r.int(.latencyMs)
        }

        func write(_ w: inout PayloadWriter) {
            w.put(.document, document)
            w.put(.latencyMs, latencyMs)
        }
    }

    /// note_added and marker_added: the human's words.
    public struct Note: PayloadBody, Equatable {
        public var text: String
        public var latencyMs: Int?

        public init(text: String, latencyMs: Int? = nil) { (self.text, self.latencyMs) = (text, latencyMs) }

        init(_ r: inout PayloadReader) throws(PayloadDecodingError) {
            text = try PayloadReader.present(r.string(.text), .text)
            latencyMs = try r.int(.latencyMs)
        }

        func write(_ w: inout PayloadWriter) {
            w.put(.text, text)
            w.put(.latencyMs, latencyMs)
        }
    }

    /// undone and redone: the last decision reverted or restored; the fold knows which.
    public struct Reversal: PayloadBody, Equatable {
        public var latencyMs: Int?

        public init(latencyMs: Int? = nil) { self.latencyMs = latencyMs }

        init(_ r: inout PayloadReader) throws(PayloadDecodingError) { latencyMs = try r.int(.latencyMs) }

        func write(_ w: inout PayloadWriter) { w.put(.latencyMs, latencyMs) }
    }

    /// stage_changed: the stage the session moved to.
    public struct StageChange: PayloadBody, Equatable {
        public var stage: Stage
        public var latencyMs: Int?

        public init(stage: Stage, latencyMs: Int? = nil) { (self.stage, self.latencyMs) = (stage, latencyMs) }

        init(_ r: inout PayloadReader) throws(PayloadDecodingError) {
            stage = try PayloadReader.present(r.enumeration(.stage), .stage)
            latencyMs = try r.int(.latencyMs)
        }

        func write(_ w: inout PayloadWriter) {
            w.put(.stage, stage.rawValue)
            w.put(.latencyMs, latencyMs)
        }
    }

    /// evaluated: the recipe's cross-validation (`cv_mean` and its folds), or why it could not be evaluated.
    public struct Evaluated: PayloadBody, Equatable {
        public var fingerprint: String?
        public var metric: String?
        public var cvMean: Double?
        public var cvFolds: [Double]?
        public var warnings: [String]?
        public var reason: String?
        public var durationMs: Int?

        public init(fingerprint: String?, metric: String?, cvMean: Double? = nil, cvFolds: [Double]? = nil, warnings: [String]? = nil,
                    reason: String? = nil, durationMs: Int? = nil) {
            (self.fingerprint, self.metric, self.cvMean, self.cvFolds) = (fingerprint, metric, cvMean, cvFolds)
            (self.warnings, self.reason, self.durationMs) = (warnings, reason, durationMs)
        }

        init(_ r: inout PayloadReader) throws(PayloadDecodingError) {
            fingerprint = try r.string(.fingerprint)
            metric = try r.string(.metric)
            cvMean = try r.double(.cvMean)
            cvFolds = try r.doubles(.cvFolds)
            warnings = try r.strings(.warnings)
            reason = try r.string(.reason)
            durationMs = try r.int(.durationMs)
        }

        func write(_ w: inout PayloadWriter) {
            w.put(.fingerprint, fingerprint)
            w.put(.metric, metric)
            w.put(.cvMean, cvMean)
            w.put(.cvFolds, cvFolds)
            w.put(.warnings, warnings)
            w.put(.reason, reason)
            w.put(.durationMs, durationMs)
        }
    }

    /// submitted: the submission.csv written (path and SHA-256) and its hidden-test score, or why it failed.
    public struct Submitted: PayloadBody, Equatable {
        public var fingerprint: String?
        public var metric: String?
        public var testScore: Double?
        public var submissionPath: String?
        public var submissionSha256: String?
        public var warnings: [String]?
        public var reason: String?
        public var durationMs: Int?

        public init(fingerprint: String?, metric: String?, testScore: Double? = nil, submissionPath: String? = nil,
                    submissionSha256: String? = nil, warnings: [String]? = nil, reason: String? = nil, durationMs: Int? = nil) {
            (self.fingerprint, self.metric, self.testScore, self.submissionPath) = (fingerprint, metric, testScore, submissionPath)
            (self.submissionSha256, self.warnings, self.reason, self.durationMs) = (submissionSha256, warnings, reason, durationMs)
        }

        init(_ r: inout PayloadReader) throws(PayloadDecodingError) {
            fingerprint = try r.string(.fingerprint)
            metric = try r.string(.metric)
            testScore = try r.double(.testScore)
            submissionPath = try r.string(.submissionPath)
            submissionSha256 = try r.string(.submissionSha256)
            warnings = try r.strings(.warnings)
            reason = try r.string(.reason)
            durationMs = try r.int(.durationMs)
        }

        func write(_ w: inout PayloadWriter) {
            w.put(.fingerprint, fingerprint)
            w.put(.metric, metric)
            w.put(.testScore, testScore)
            w.put(.submissionPath, submissionPath)
            w.put(.submissionSha256, submissionSha256)
            w.put(.warnings, warnings)
            w.put(.reason, reason)
            w.put(.durationMs, durationMs)
        }
    }

    /// session_ended: the chain's end it anchors, the count of the events before it and the hash of the last of them
    /// (absent in logs from before anchors).
    public struct SessionEnd: PayloadBody, Equatable {
        public var eventCount: Int?
        public var headHash: String?

        public init(eventCount: Int?, headHash: String?) { (self.eventCount, self.headHash) = (eventCount, headHash) }

        init(_ r: inout PayloadReader) throws(PayloadDecodingError) {
            eventCount = try r.int(.eventCount)
            headHash = try r.string(.headHash)
        }

        func write(_ w: inout PayloadWriter) {
            w.put(.eventCount, eventCount)
            w.put(.headHash, headHash)
        }
    }
}
