import Foundation
import Testing
import TestSupport
@testable import TandemUI

/// Issue 21: config.toml's [keys] overrides bindings by action name; the footer, help and palette follow; a conflict
/// names both bindings.
@Suite struct KeymapTests {
    func file(_ text: String) throws -> String {
        let path = try RepositoryPaths.temporaryFolder("keymap") + "/config.toml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func anOverrideRebindsTheActionEverywhereItIsShown() async throws {
        let keymap = try Keymap.load(file: try file("[llm]\nmodel = \"x\"\n\n[keys]\napprove = \"A\"\nundo = [\"u\", \"Ctrl-Z\"]\n"))
        #expect(keymap.action(for: .char("A"), scopes: [.steps, .global]) == .approve)
        #expect(keymap.action(for: .char("a"), scopes: [.steps, .global]) == nil)
        #expect(keymap.action(for: .ctrl("z"), scopes: [.live, .global]) == .undo && keymap.action(for: .char("u"), scopes: [.live]) == .undo)
        #expect(keymap.helpLines(scopes: [.steps]).contains { $0.hasPrefix("  A ") && $0.contains("approve") })
        #expect(PaletteCommands.matching("approve", replay: false, keymap: keymap).first?.keys == [.char("A")])
        var (wb, _) = try await WorkbenchFixture.session()
        wb.keymap = keymap
        wb.width = 100
        wb.height = 30
        let footer = wb.render().lines.last ?? ""
        #expect(footer.contains("A approve") && !footer.contains("a approve"), "\(footer)")
    }

    @Test func aConflictUnknownActionOrKeyIsAnErrorNamingIt() throws {
        #expect { try Keymap.load(file: try file("[keys]\napprove = \"r\"\n")) } throws: { e in
            "\(e)".hasSuffix("[keys]: approve and reject are both bound to r")
        }
        // y is copy's (issue 21): a config that gave it to approve is told so, naming both.
        #expect { try Keymap.load(file: try file("[keys]\napprove = \"y\"\n")) } throws: { e in
            "\(e)".hasSuffix("[keys]: approve and copy are both bound to y")
        }
        #expect { try Keymap.load(file: try file("[keys]\napprov = \"y\"\n")) } throws: { e in "\(e)".contains("[keys] approv: no such action") }
        #expect { try Keymap.load(file: try file("[keys]\napprove = \"Hyper-Q\"\n")) } throws: { e in "\(e)".contains("\"Hyper-Q\" is not a key") }
        // A missing file or table is the defaults, and the defaults conflict nowhere.
        #expect(try Keymap.load(file: "/nonexistent/config.toml").table.count == KeyBindings.table.count)
        #expect(try Keymap.overriding(["approve": ["a"]], source: "x").action(for: .char("a"), scopes: [.steps]) == .approve)
    }
}
