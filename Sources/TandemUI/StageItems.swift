import TandemRecipe
import TandemSession

/// The rows of a Clean, Features or Model pane: open proposals of its stage first, then the applied steps.
struct StageItems {
    enum Item {
        case proposal(Proposal)
        case applied(index: Int, step: RecipeStep)

        var step: RecipeStep {
            switch self {
            case .proposal(let p): p.step
            case .applied(_, let s): s
            }
        }
    }

    let items: [Item]

    init(_ wb: Workbench, _ pane: Pane) {
        guard let stage = pane.stage else {
            items = []
            return
        }
        let pending = wb.session.pending.filter { $0.step.step.op.stage == stage }.map { Item.proposal($0) }
        let applied = wb.session.current.recipe.enumerated().filter { $0.element.step.op.stage == stage }.map { Item.applied(index: $0.offset, step: $0.element) }
        items = pending + applied
    }
}

/// The replay timeline: how many events are shown, and playback.
public struct ReplayClock: Equatable, Sendable {
    public var position: Int
    public var playing = false
    public var speed = 1
    /// The event time at which playback shows the next event (milliseconds of session time).
    var accumulated: Int64 = 0

    public init(position: Int) { self.position = position }
}
