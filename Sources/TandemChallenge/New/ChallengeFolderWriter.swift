import Foundation

/// Writes a made challenge folder: built beside its destination, checked by loading it as a challenge, then moved
/// into place, so a failure leaves nothing behind and an earlier folder is replaced only by a valid one.
enum ChallengeFolderWriter {
    struct Contents {
        var spec: ChallengeSpec
        var tables: Tables
        var documents: [ChallengeMaker.Document]
        var notes: [String]
        var fingerprint: String
        var sideTables: [ChallengeMaker.SideFile] = []
    }

    /// The file that says what a folder was made from (read back by `tandem open DATA.csv` to reuse it).
    static let madeByFile = "key/made-by.toml"

    /// Returns what loading the written folder inferred of its side tables (keys, time columns), for the notes.
    @discardableResult
    static func write(_ c: Contents, to out: String, force: Bool) throws(ChallengeError) -> [String] {
        let fm = FileManager.default
        let parent = (out as NSString).deletingLastPathComponent
        let staging = (parent.isEmpty ? "." : parent) + "/.\((out as NSString).lastPathComponent).tandem-new-\(getpid())"
        try? fm.removeItem(atPath: staging)
        var sideNotes: [String] = []
        do {
            try fm.createDirectory(atPath: staging + "/key", withIntermediateDirectories: true)
            if !c.documents.isEmpty { try fm.createDirectory(atPath: staging + "/docs", withIntermediateDirectories: true) }
            if !c.sideTables.isEmpty { try fm.createDirectory(atPath: staging + "/tables", withIntermediateDirectories: true) }
            for t in c.sideTables { try fm.copyItem(atPath: t.source, toPath: staging + "/tables/" + t.name) }
        } catch {
            throw ChallengeError(file: out, "cannot create the folder: \(error.localizedDescription)")
        }
        do {
            try c.tables.train.write(to: staging + "/train.csv")
            try c.tables.test.write(to: staging + "/test.csv")
            try c.tables.labels?.write(to: staging + "/key/test_labels.csv")
            for d in c.documents { try text(d.text, staging + "/docs/" + d.fileName) }
            try text(specText(c.spec), staging + "/challenge.toml")
            try text(mechanism(c), staging + "/key/mechanism.md")
            try text("fingerprint = \(quoted(c.fingerprint))\nsource = \(quoted(c.spec.source))\n", staging + "/" + madeByFile)
            let loaded = try ChallengeLoader.load(folder: staging)
            sideNotes = loaded.notes.filter { $0.hasPrefix("table ") }
        } catch {
            try? fm.removeItem(atPath: staging)
            throw ChallengeError(file: error.file.replacingOccurrences(of: staging, with: out), field: error.field, error.message)
        }
        do {
            if fm.fileExists(atPath: out) { try fm.removeItem(atPath: out) }
            try fm.moveItem(atPath: staging, toPath: out)
        } catch {
            try? fm.removeItem(atPath: staging)
            throw ChallengeError(file: out, "cannot be written: \(error.localizedDescription)")
        }
        return sideNotes
    }

    static func text(_ s: String, _ file: String) throws(ChallengeError) {
        guard fm().createFile(atPath: file, contents: Data(s.utf8)) else { throw ChallengeError(file: file, "cannot be written") }
    }

    private static func fm() -> FileManager { FileManager.default }

    static func specText(_ s: ChallengeSpec) -> String {
        var lines = ["id = \(quoted(s.id))", "title = \(quoted(s.title))", "industry = \(quoted(s.industry))", "task = \(quoted(s.task.rawValue))",
                     "target = \(quoted(s.target))",
                     "id_column = " + (s.idColumns.count == 1 ? quoted(s.idColumns[0]) : "[" + s.idColumns.map(quoted).joined(separator: ", ") + "]"),
                     "metric = \(quoted(s.metric.rawValue))"]
        if let t = s.timeColumn { lines.append("time_column = \(quoted(t))") }
        if let p = s.positiveLabel { lines.append("positive_label = \(quoted(p))") }
        lines += ["description = \(quoted(s.description))", "source = \(quoted(s.source))"]
        for t in s.tables {
            lines += ["", "[[table]]", "file = \(quoted(t.file))"]
            if let key = t.key { lines.append("key = [" + key.map(quoted).joined(separator: ", ") + "]") }
            if let time = t.timeColumn { lines.append("time_column = \(quoted(time))") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func mechanism(_ c: Contents) -> String {
        "# Where this challenge came from\n\nMade by `tandem new`. \(c.spec.source).\n\n"
            + c.notes.map { "- \($0)\n" }.joined()
    }

    /// A TOML basic string.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if u.value < 0x20 || u.value == 0x7F { out += String(format: "\\u%04X", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }
}
