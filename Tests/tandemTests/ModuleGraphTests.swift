import Foundation
import Testing
import TestSupport

/// Issue 17: the reducer, the driver, the stores, the UI and the reports do not link the LLM client; AsyncHTTPClient
/// is linked by TandemLLM and the executable alone, and UI and Report reach an agent only through the driver.
@Suite struct ModuleGraphTests {
    /// Each target's direct dependencies (target and product names) as Package.swift declares them. Read from the text:
    /// `swift package dump-package` would wait for the lock that the running `swift test` holds.
    static func graph() throws -> [String: [String]] {
        let text = try String(contentsOfFile: RepositoryPaths.root + "/Package.swift", encoding: .utf8)
        let target = try Regex(#"(?:\.target|\.executableTarget|\.testTarget)\(\s*name:\s*"([^"]+)""#)
        let quoted = try Regex(#"(package:\s*)?"([^"]+)""#)
        var graph: [String: [String]] = [:]
        for match in text.matches(of: target) {
            guard let name = match.output[1].substring.map(String.init) else { continue }
            let rest = text[match.range.upperBound...]
            guard let open = rest.range(of: "dependencies: [") else { graph[name] = []; continue }
            // The dependencies array, to its matching bracket.
            var depth = 0, end = open.upperBound
            for i in rest[open.lowerBound...].indices {
                if rest[i] == "[" { depth += 1 }
                if rest[i] == "]" { depth -= 1; if depth == 0 { end = i; break } }
            }
            let list = rest[open.upperBound..<end]
            // A dependencies list belongs to this target only if no other target starts before it.
            if let next = rest.firstMatch(of: target), next.range.lowerBound < open.lowerBound { graph[name] = []; continue }
            graph[name] = list.matches(of: quoted).compactMap { $0.output[1].substring == nil ? $0.output[2].substring.map(String.init) : nil }
        }
        return graph
    }

    static func closure(of target: String, in graph: [String: [String]]) -> Set<String> {
        var seen = Set<String>(), stack = [target]
        while let next = stack.popLast() {
            for d in graph[next] ?? [] where seen.insert(d).inserted { stack.append(d) }
        }
        return seen
    }

    @Test func onlyTheLLMAgentAndTheExecutableLinkTheHTTPClient() throws {
        let graph = try Self.graph()
        #expect(graph["TandemLLM"]?.contains("AsyncHTTPClient") == true, "\(graph["TandemLLM"] ?? [])")
        for target in ["TandemAgent", "TandemSession", "TandemUI", "TandemTerminal", "TandemStore", "TandemStorePostgres", "TandemReport"] {
            let linked = Self.closure(of: target, in: graph)
            #expect(!linked.contains("AsyncHTTPClient") && !linked.contains("TandemLLM"), "\(target) links \(linked.sorted())")
        }
        // UI and Report name no agent module: what they know of an agent comes from the driver's events and state.
        for folder in ["TandemUI", "TandemReport"] {
            let files = try FileManager.default.subpathsOfDirectory(atPath: RepositoryPaths.root + "/Sources/" + folder).filter { $0.hasSuffix(".swift") }
            for file in files {
                let text = try String(contentsOfFile: RepositoryPaths.root + "/Sources/\(folder)/\(file)", encoding: .utf8)
                #expect(!text.contains("import TandemAgent") && !text.contains("import TandemLLM"), "\(folder)/\(file) imports an agent module")
            }
        }
    }
}
