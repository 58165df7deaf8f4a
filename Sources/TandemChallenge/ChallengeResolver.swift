import Foundation

/// CHALLENGE on the command line: a folder path, or a challenge id under the data directory.
public enum ChallengeResolver {
    public static func resolve(_ name: String, dataDir: String) throws(ChallengeError) -> String {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: name, isDirectory: &isDir), isDir.boolValue { return name }
        let candidate = (dataDir as NSString).appendingPathComponent(name)
        if FileManager.default.fileExists(atPath: candidate + "/challenge.toml") { return candidate }
        let available = available(in: dataDir)
        throw ChallengeError(file: name, "is neither a challenge folder nor a challenge id in \(dataDir)" + (available.isEmpty ? "" : " (there: \(available.joined(separator: ", ")))"))
    }

    /// Folder names under `dataDir` that hold a challenge.toml, sorted.
    public static func available(in dataDir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dataDir)) ?? [])
            .filter { FileManager.default.fileExists(atPath: "\(dataDir)/\($0)/challenge.toml") }
            .sorted()
    }
}
