import Foundation
import Testing
import TestSupport
@testable import TandemUI

/// Issue 21: y copies the selection of every pane as sanitised text (an effect the terminal turns into OSC 52),
/// and config.toml's `clipboard = false` turns it off.
@Suite struct ClipboardTests {
    func copied(_ effects: [UIEffect]) -> String? {
        guard effects.count == 1, case .copy(let text) = effects[0] else { return nil }
        return text
    }

    @Test func yCopiesTheSelectionOfEachPane() async throws {
        var (wb, _) = try await WorkbenchFixture.session()
        // Clean: the applied drop_column (the rejected impute is not listed).
        wb.pane = .clean
        #expect(copied(wb.handle(.char("y"))) == "drop_column(preservative_ppm)")
        // Features: the open text_flag proposal, with its rationale after a dash.
        wb.pane = .features
        let proposal = try #require(copied(wb.handle(.char("y"))))
        #expect(proposal.hasPrefix("text_flag(handling_note, as=\"cold_chain_breach\"") && proposal.contains(" — "), "\(proposal)")
        // Data: the id of the first row (the frozen column is selected first).
        wb.pane = .data
        #expect(copied(wb.handle(.char("y"))) == "B0000001")
        // Docs: the title, a blank line, the body; newlines survive.
        wb.pane = .docs
        let doc = try #require(copied(wb.handle(.char("y"))))
        #expect(doc.hasPrefix(wb.context.documents[0].title + "\n\n") && doc.count > 100)
        // Log: the selected event's line.
        wb.pane = .log
        _ = wb.handle(.char("g"))
        let event = try #require(copied(wb.handle(.char("y"))))
        #expect(event.contains("session_started") || event.contains("session started"), "\(event)")
        // Profile: the column's summary.
        wb.pane = .profile
        let column = try #require(copied(wb.handle(.char("y"))))
        #expect(column.hasPrefix("batch_id ") && column.contains("missing 0"), "\(column)")
    }

    @Test func clipboardFalseCopiesNothingAndSaysWhy() async throws {
        var (wb, _) = try await WorkbenchFixture.session()
        wb.clipboard = false
        wb.pane = .clean
        #expect(wb.handle(.char("y")).isEmpty && wb.message?.contains("clipboard = false") == true)
    }

    @Test func theOSC52SequenceIsBase64BetweenTheIntroducerAndBEL() {
        // "héllo" is 68 c3 a9 6c 6c 6f in UTF-8: base64 aMOpbGxv.
        #expect(OSC52.sequence(for: "héllo") == "\u{1B}]52;c;aMOpbGxv\u{07}")
        // Whatever the text, the payload is base64 only: no control byte reaches the terminal.
        let payload = OSC52.sequence(for: "a\u{1B}]0;x\u{07}\n").dropFirst(7).dropLast()
        #expect(payload.allSatisfy { $0.isLetter || $0.isNumber || "+/=".contains($0) })
    }

    func file(_ text: String) throws -> String {
        let path = try RepositoryPaths.temporaryFolder("settings") + "/config.toml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func clipboardIsReadAsPeopleWriteIt() throws {
        #expect(try WorkbenchSettings.load(file: "/nonexistent/config.toml").clipboard)
        #expect(try !WorkbenchSettings.load(file: file("clipboard = false\n[keys]\napprove = \"A\"\n")).clipboard)
        #expect(try !WorkbenchSettings.load(file: file("clipboard = \"off\"\n")).clipboard)
        #expect(try !WorkbenchSettings.load(file: file("clipboard = 0\n")).clipboard)
        #expect(try WorkbenchSettings.load(file: file("clipboard = \"yes\"\n")).clipboard)
        let bad = try file("clipboard = 3\n")
        #expect { try WorkbenchSettings.load(file: bad) } throws: { "\($0)" == "\(bad): clipboard must be true or false, not 3" }
        // Written after [keys], it lands in the table: the error says where it belongs.
        let misplaced = try file("[keys]\nclipboard = false\n")
        #expect { try WorkbenchSettings.load(file: misplaced) } throws: { "\($0)".contains("put it at the top of the file") }
    }
}
