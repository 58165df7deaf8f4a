import Foundation

/// CHALLENGE on the command line: a folder path, or a challenge id under the data directory. The data directory is
/// a folder of challenge folders, or one challenge folder itself (DESIGN.md section 7).
public enum ChallengeResolver {
    /// `also`: further folders of challenge folders searched after `dataDir` (the challenges `tandem open DATA.csv` made).
    public static func resolve(_ name: String, dataDir: String, also: [String] = []) throws(ChallengeError) -> String {
        var isDir: ObjCBool = false
        // A path that names a file or folder and is not there is that, not an unknown challenge id (ids have no / or dot).
        let dataExtensions = [".csv", ".tsv", ".txt", ".gz", ".zip", ".xz", ".json", ".jsonl"]
        if !FileManager.default.fileExists(atPath: name),
           name.contains("/") || dataExtensions.contains(where: { name.lowercased().hasSuffix($0) }) {
            let what = dataExtensions.contains(where: { name.lowercased().hasSuffix($0) }) ? "no such file" : "no such file or folder"
            throw ChallengeError(file: "cannot read \(name)", what)
        }
        if FileManager.default.fileExists(atPath: name, isDirectory: &isDir) {
            if isDir.boolValue { return name }
            throw ChallengeError(file: name, "is a file, not a challenge folder" + (name.lowercased().hasSuffix(".csv")
                ? ": give --target COL (the column to predict) to make it into one" : ""))
        }
        if ChallengeLoader.isChallengeFolder(dataDir), name == id(ofFolder: dataDir) || name == folderName(dataDir) { return dataDir }
        let candidate = (dataDir as NSString).appendingPathComponent(name)
        if ChallengeLoader.isChallengeFolder(candidate) { return candidate }
        // A challenge id that is not its folder's name (a Kaggle folder named "My Comp" has the id "my-comp").
        if let hit = folders(in: dataDir).first(where: { id(ofFolder: $0) == name }) { return hit }
        for dir in also where dir != dataDir {
            if let hit = folders(in: dir).first(where: { folderName($0) == name || id(ofFolder: $0) == name }) { return hit }
        }
        let available = available(in: dataDir)
        throw ChallengeError(file: name, "is neither a challenge folder nor a challenge id in \(dataDir)"
                             + (available.isEmpty ? "" : " (there: \(available.joined(separator: ", ")))"))
    }

    /// The challenge folders `dataDir` names: itself when it is one, else its sub-folders that are, sorted.
    public static func folders(in dataDir: String) -> [String] {
        if ChallengeLoader.isChallengeFolder(dataDir) { return [dataDir] }
        return ((try? FileManager.default.contentsOfDirectory(atPath: dataDir)) ?? []).sorted()
            .map { (dataDir as NSString).appendingPathComponent($0) }
            .filter(ChallengeLoader.isChallengeFolder)
    }

    /// The names `resolve` accepts for those folders (folder names), sorted.
    public static func available(in dataDir: String) -> [String] { folders(in: dataDir).map(folderName) }

    static func folderName(_ folder: String) -> String { ((folder as NSString).standardizingPath as NSString).lastPathComponent }

    /// A folder's challenge id without loading its data: challenge.toml's id, else the slug of the folder name.
    public static func id(ofFolder folder: String) -> String {
        if let text = try? String(contentsOfFile: folder + "/challenge.toml", encoding: .utf8) {
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if parts.count == 2, parts[0] == "id" { return parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"'")) }
            }
        }
        return ChallengeInference.slug(folderName(folder))
    }
}
