import Foundation
import TandemData
import TandemRecipe
import TandemSession

/// `recipe` is the session's final recipe as JSON, the input of `tandem predict --recipe` and `tandem evaluate`.
public enum ExportFormat: String, CaseIterable, Sendable { case md, jsonl, csv, html, recipe, otel }

/// `tandem export`: a session as Markdown, JSONL, CSV or self-contained HTML.
/// Untrusted text (documents, rationales, reasons, notes) is sanitised for
/// each format: no terminal escapes anywhere, HTML escaped in HTML and
/// Markdown, CSV fields quoted and formula-proofed.
public enum TranscriptExporter {
    /// `stored`: the rows as the store holds them, when the caller has them: the JSONL lines then carry the hash chain
    /// (session_id, prev_hash, hash) that `tandem verify` checks, and Markdown and HTML name the head hash. (CSV, one
    /// intervention a row for spreadsheets, has no place for it.)
    public static func export(_ format: ExportFormat, info: SessionInfo, events: [SessionEvent], aiOnly: [SessionEvent]? = nil,
                              stored: [StoredEvent]? = nil) -> String {
        switch format {
        case .jsonl: jsonl(events, stored: stored)
        case .md: markdown(info: info, events: events, headHash: stored?.last?.hash)
        case .csv: csv(events)
        case .html: HTMLTranscript.render(info: info, events: events, aiOnly: aiOnly, headHash: stored?.last?.hash)
        case .recipe: SessionState.fold(events).recipe.canonicalJSON + "\n"
        case .otel: OTLPExporter.export(info: info, events: events)
        }
    }

    /// One event a line: {"seq","at","actor","kind","payload"} and, from the store, "session_id", "prev_hash" and
    /// "hash" (schema in docs/events.md).
    static func jsonl(_ events: [SessionEvent], stored: [StoredEvent]?) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let chain = stored.map { rows in Dictionary(rows.map { ($0.seq, $0) }, uniquingKeysWith: { a, _ in a }) } ?? [:]
        return events.compactMap { e in
            // JSONEncoder escapes control characters (ESC becomes \u001b), so no raw escape reaches a terminal.
            let row = chain[e.seq]
            let line = ExportLine(seq: e.seq, at: e.at, actor: e.actor, kind: e.kind, payload: e.payload, sessionId: row?.sessionId,
                                  prevHash: row?.prevHash, hash: row?.hash)
            return (try? encoder.encode(line)).map { String(decoding: $0, as: UTF8.self) }
        }.joined(separator: "\n") + "\n"
    }

    struct ExportLine: Encodable {
        var seq: Int
        var at: Int64
        var actor: Actor
        var kind: EventKind
        var payload: EventPayload
        var sessionId: String?
        var prevHash: String?
        var hash: String?

        enum CodingKeys: String, CodingKey {
            case seq, at, actor, kind, payload, hash
            case sessionId = "session_id", prevHash = "prev_hash"
        }
    }

    static func clean(_ s: String, limit: Int = 400) -> String { sanitizeForDisplay(s, limit: limit) }

    /// Sanitised text with each character `replacement` names replaced (the formats differ only in that table).
    static func escaped(_ s: String, limit: Int, _ replacement: (Character) -> String?) -> String {
        var out = ""
        for ch in clean(s, limit: limit) {
            if let r = replacement(ch) { out += r } else { out.append(ch) }
        }
        return out
    }

    static let htmlEntities: [Character: String] = ["<": "&lt;", ">": "&gt;", "&": "&amp;", "\"": "&quot;", "'": "&#39;"]

    /// Markdown with HTML-significant characters escaped, so a document cannot inject markup.
    static func md(_ s: String, limit: Int = 400) -> String {
        escaped(s, limit: limit) { ch in
            if "\"'".contains(ch) { return nil }
            if let e = htmlEntities[ch] { return e }
            return "`*_[]|#".contains(ch) ? "\\\(ch)" : nil
        }
    }

    public static func describe(_ step: RecipeStep) -> String { step.step.text(namingColumn: true) }

    static func markdown(info: SessionInfo, events: [SessionEvent], headHash: String? = nil) -> String {
        let state = SessionState.fold(events)
        var out = "# Session \(md(info.id))\n\n"
        out += "- challenge: \(md(info.challengeId)) (sha256 \(info.challengeSha256.prefix(12))…)\n"
        out += "- mode: \(info.mode), agent: \(md(info.agent)), seed: \(info.seed)\n"
        out += "- events: \(events.count); final recipe: \(state.recipe.steps.count) steps\n"
        if let headHash { out += "- head hash: `\(headHash)` (the hash of event \(events.count); `tandem export --format jsonl` carries the chain)\n" }
        out += "\n## Timeline\n\n"
        var proposals: [String: RecipeStep] = [:]
        for e in events {
            var line = "\(e.seq). **\(e.kind.rawValue)** (\(e.actor.rawValue))"
            let detail = md(EventText.detail(e, proposals: proposals, namingColumn: true))
            if case .agentProposed(let p) = e.payload {
                line += " stage \(p.stage?.rawValue ?? "?"): " + detail
                for pr in p.offered {
                    proposals[pr.id] = pr.step
                    let citing = pr.step.documents.isEmpty ? "" : " citing \(md(pr.step.documents.joined(separator: ", ")))"
                    line += "\n   - `\(pr.id)` \(md(describe(pr.step)))" + citing + (pr.step.rationale.map { ": " + md($0) } ?? "")
                }
                for r in p.refused ?? [] { line += "\n   - refused: \(md(describe(r.step))): \(md(r.reason))" }
            } else if !detail.isEmpty {
                line += ": " + detail
            }
            if let l = e.payload.latencyMs { line += " (\(l) ms)" }
            out += line + "\n"
        }
        out += "\n## Final recipe\n\n"
        for (i, s) in state.recipe.steps.enumerated() {
            out += "\(i + 1). \(md(describe(s)))" + (s.documents.isEmpty ? "" : " (cites \(md(s.documents.joined(separator: ", "))))") + "\n"
        }
        out += "\n## Scores\n\n| event | kind | score |\n|---|---|---|\n"
        for e in state.evaluations { out += "| \(e.seq) | CV | \(String(format: "%.4f", e.score)) |\n" }
        for s in state.submissions { out += "| \(s.seq) | test | \(String(format: "%.4f", s.score)) |\n" }
        return out
    }

    /// A CSV field: sanitised, quoted, and a leading = + - @ neutralised so spreadsheets do not run it.
    static func csvField(_ s: String) -> String {
        var v = clean(s, limit: 1000)
        if let f = v.first, "=+-@".contains(f), Double(v) == nil { v = "'" + v }
        return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One intervention (decision, flag, note, marker, undo/redo) a row.
    static func csv(_ events: [SessionEvent]) -> String {
        var out = "seq,at,actor,kind,stage,proposal_id,op,column,documents,reason,latency_ms\n"
        var proposals: [String: RecipeStep] = [:]
        var stage = "cleaning"
        for e in events {
            let p = e.payload
            if case .stageChanged(let change) = p { stage = change.stage.rawValue }
            if case .agentProposed(let offer) = p { for pr in offer.offered { proposals[pr.id] = pr.step } }
            guard e.kind.isDecision || [.noteAdded, .markerAdded, .undone, .redone].contains(e.kind) else { continue }
            let step = p.step ?? p.proposalId.flatMap { proposals[$0] }
            let fields = [String(e.seq), String(e.at), e.actor.rawValue, e.kind.rawValue, stage, p.proposalId ?? "", step?.step.op.rawValue ?? "",
                          step?.step.string("column") ?? "", (step?.documents ?? (p.document.map { [$0] } ?? [])).joined(separator: ";"),
                          p.reason ?? p.text ?? "", p.latencyMs.map(String.init) ?? ""]
            out += fields.enumerated().map { $0.offset < 4 ? $0.element : csvField($0.element) }.joined(separator: ",") + "\n"
        }
        return out
    }
}
