import Foundation
import Testing
import TestSupport

/// The real binary in tmux on the AgentDS-shaped fixture: `t` to a side table, approve a join, evaluate, submit.
@Suite(.serialized) struct SideTablesWorkbenchTests {
    @Test func openTToASideTableApproveAJoinEvaluateSubmit() throws {
        let dir = try RepositoryPaths.temporaryFolder("tui-side")
        try FileManager.default.copyItem(atPath: SideTablesCommandTests.fixture, toPath: dir + "/commerce")
        let db = dir + "/s.sqlite"
        let tmux = TmuxDriver()
        defer { tmux.stop() }
        try tmux.start(["open", dir + "/commerce", "--db", db])
        try tmux.waitFor("3 Clean")
        try tmux.keys("1", "t")
        try tmux.waitFor("table events")
        try tmux.keys("t")
        let products = try tmux.waitFor("table products")
        #expect(products.contains("base_demand") && products.contains("1152921504606846977"), "\(products)")
        try tmux.keys("]")
        try tmux.waitFor("4 Features (")
        try tmux.keys("4", "a")
        try tmux.waitFor("step 1    join(on=\"sku_id\", table=\"products\")")
        try tmux.keys("v")
        try tmux.waitUntil("a CV score in the header") { !$0.contains("rmse CV —") }
        try tmux.keys("s")
        try tmux.waitUntil("a test score in the header") { !$0.contains("test —") }
        try tmux.quit()
        let sessions = try BinaryRunner.run(["sessions", "--db", db])
        let id = try #require(sessions.stdout.split(separator: " ").first.map(String.init))
        let log = try BinaryRunner.run(["export", id, "--format", "jsonl", "--db", db]).stdout
        for kind in ["step_approved", "evaluated", "submitted"] { #expect(log.contains("\"kind\":\"\(kind)\""), "\(kind)") }
        #expect(log.contains("join products on sku_id: 100% of rows matched"))
    }

    /// The bundled commerce-weekly-demand, opened by its id: t in the Profile and Data panes, the join proposals with
    /// their match rates and the unbounded aggregate marked as reading the future, a join approved, evaluate, submit.
    @Test func theBundledCommerceChallengeShowsItsSideTables() throws {
        let dir = try RepositoryPaths.temporaryFolder("tui-bundled")
        let db = dir + "/s.sqlite"
        let tmux = TmuxDriver()
        defer { tmux.stop() }
        try tmux.start(["open", "commerce-weekly-demand", "--db", db])
        try tmux.waitFor("3 Clean")
        try tmux.keys("2", "t")
        let profile = try tmux.waitFor("table products")
        #expect(profile.contains("department") && profile.contains("list_price"), "\(profile)")
        try tmux.keys("1")
        try tmux.waitFor("SKU-00001")
        try tmux.keys("]")
        try tmux.waitFor("4 Features (")
        try tmux.keys("4")
        let features = try tmux.waitFor("matched")
        #expect(features.contains("100% matched") && features.contains("reads the future"), "\(features)")
        try tmux.keys("a")
        try tmux.waitFor("step 1 ")
        try tmux.keys("v")
        try tmux.waitUntil("a CV score in the header") { !$0.contains("rmse CV —") }
        try tmux.keys("s")
        try tmux.waitUntil("a test score in the header") { !$0.contains("test —") }
        try tmux.quit()
        let sessions = try BinaryRunner.run(["sessions", "--db", db])
        let id = try #require(sessions.stdout.split(separator: " ").first.map(String.init))
        let log = try BinaryRunner.run(["export", id, "--format", "jsonl", "--db", db]).stdout
        for kind in ["step_approved", "evaluated", "submitted"] { #expect(log.contains("\"kind\":\"\(kind)\""), "\(kind)") }
    }
}
