import Synchronization

/// A fold's preparation as `RecipePreparer` carries it from step to step.
struct FoldState: Sendable {
    var frame: WorkingFrame
    var trainRows: [Int]
    var labels: [Double]
    var warnings: [String]

    init(_ p: Preparation) {
        frame = p.frame
        trainRows = p.trainRows
        labels = p.labels
        warnings = p.warnings
    }

    func preparation(_ context: RecipeContext, fits: [Int: StepFit]) -> Preparation {
        var p = Preparation(frame: frame, trainRows: trainRows, labels: labels, context: context, fits: fits)
        p.warnings = warnings
        return p
    }
}

/// The states a cross-validation's folds went through, kept so that the next recipe sharing its steps up to some
/// point resumes there instead of preparing every fold again (issue 18: a preview of a cleaning or feature step
/// reuses the unchanged prefix). A recipe is prepared in two parts (`FoldInvariance`): steps that learn nothing run
/// once on all rows, giving the frame every fold starts from, then the rest run in each fold. A trail holds that
/// frame and, for each per-fold step, every fold's state after it. The key of a prefix is the fingerprints of the
/// once part and of the per-fold steps up to it; states are shared copy-on-write, so a step costs only the columns
/// it writes.
struct FoldTrail: Sendable {
    /// What the states depend on beside the steps: the fold scheme and count, group column, seed, positive label, rows.
    let foldsKey: String
    /// The fingerprint of the part run once, and its result.
    let onceFingerprint: String
    let base: WorkingFrame
    let baseWarnings: [String]
    /// One fingerprint per per-fold cleaning or feature step, in order; `states[m][k]` is fold k after steps 0...m.
    let stepPrints: [String]
    let states: [[FoldState]]

    /// How many leading per-fold steps `prints` shares with this trail.
    func sharedPrefix(_ prints: [String]) -> Int {
        zip(stepPrints, prints).prefix { $0 == $1 }.count
    }

    /// Bytes the trail holds: every array its frames, labels and training rows keep, each counted once however many
    /// states share it (a one_hot's indicator columns share one array of codes).
    var estimatedBytes: Int {
        var seen = Set<UnsafeRawPointer>()
        var total = 0
        func add(_ storage: (address: UnsafeRawPointer?, bytes: Int)?) {
            guard let storage, let address = storage.address, seen.insert(address).inserted else { return }
            total += storage.bytes
        }
        func add<T>(_ array: [T]) { add(array.withUnsafeBytes { ($0.baseAddress, $0.count) }) }
        func add(_ frame: WorkingFrame) {
            for column in frame.columns {
                switch column {
                case .number(let v), .date(let v), .imputed(let v, _): add(v)
                case .category(let codes, _), .indicator(let codes, _): add(codes)
                case .text(let t): add(t.ownedStorage)
                }
            }
        }
        add(base)
        for state in states.joined() {
            add(state.frame)
            add(state.labels)
            add(state.trainRows)
        }
        return total
    }

    static func stepPrint(_ step: RecipeStep) -> String { Recipe(steps: [RecipeStep(step.step)]).fingerprint }
}

/// The trails of the last recipes cross-validated (two: the recipe a preview runs against and the latest what-if,
/// so every preview of the same recipe resumes from it), within a memory budget.
final class FoldTrails: Sendable {
    private let trails = Mutex<[(trail: FoldTrail, bytes: Int)]>([])
    private let counts = Mutex(PrefixReuse())
    let limitBytes: Int
    static let capacity = 2

    init(limitBytes: Int) { self.limitBytes = limitBytes }

    var reuse: PrefixReuse { counts.withLock { $0 } }

    /// Counts an evaluation that resumed after `steps` shared per-fold steps (`patched`: on another start frame).
    func resumed(steps: Int, patched: Bool) {
        counts.withLock {
            $0.evaluations += 1
            $0.steps += steps
            if patched { $0.patched += 1 }
        }
    }

    /// The trail sharing most with a recipe's parts (same folds), and how many per-fold steps it shares; a trail with
    /// the same once part wins a tie, since its start frame is reused too. The chosen trail becomes the most recent.
    func best(foldsKey: String, onceFingerprint: String, stepPrints: [String]) -> (trail: FoldTrail, shared: Int)? {
        trails.withLock { list in
            let scored = list.enumerated().filter { $0.element.trail.foldsKey == foldsKey }.map { i, kept in
                (i, kept.trail, kept.trail.sharedPrefix(stepPrints) * 2 + (kept.trail.onceFingerprint == onceFingerprint ? 1 : 0))
            }
            guard let (i, trail, _) = scored.max(by: { $0.2 < $1.2 }) else { return nil }
            list.append(list.remove(at: i))
            return (trail, trail.sharedPrefix(stepPrints))
        }
    }

    func keep(_ trail: FoldTrail) {
        let bytes = trail.estimatedBytes
        guard bytes <= limitBytes else { return }
        trails.withLock { list in
            list.removeAll { $0.trail.foldsKey == trail.foldsKey && $0.trail.onceFingerprint == trail.onceFingerprint
                && $0.trail.stepPrints == trail.stepPrints }
            list.append((trail, bytes))
            while list.count > Self.capacity || list.reduce(0, { $0 + $1.bytes }) > limitBytes { list.removeFirst() }
        }
    }
}

/// What trails saved: evaluations that resumed, per-fold steps they did not run again (per evaluation, not per fold),
/// and how many of them resumed on a changed start frame.
public struct PrefixReuse: Sendable, Equatable {
    public var evaluations = 0
    public var steps = 0
    public var patched = 0
}
