import Foundation

/// Challenges made on the fly by `tandem open DATA.csv --target COL` (and `run --ai-only DATA.csv`): one folder per
/// source file and options under a root, `<slug>`, `<slug>-2`, …; the same file with the same options (same SHA-256)
/// finds its folder again instead of making another.
public enum MadeChallenges {
    public static func folder(for data: String, overrides: ChallengeOverrides,
                              root: String) throws(ChallengeError) -> (folder: String, made: MadeChallenge?) {
        guard let bytes = FileManager.default.contents(atPath: data) else { throw ChallengeError(file: data, "cannot be read") }
        var request = NewChallengeRequest(data: data, out: "", overrides: overrides)
        let fingerprint = request.fingerprint(sources: [[UInt8](bytes)])
        do { try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true) } catch {
            throw ChallengeError(file: root, "cannot be created: \(error.localizedDescription)")
        }
        let base = ChallengeInference.slug((data as NSString).lastPathComponent)
        for n in 1...99 {
            let folder = (root as NSString).appendingPathComponent(n == 1 ? base : "\(base)-\(n)")
            guard FileManager.default.fileExists(atPath: folder) else {
                request.out = folder
                return (folder, try ChallengeMaker.make(request))
            }
            if self.fingerprint(of: folder) == fingerprint { return (folder, nil) }
        }
        throw ChallengeError(file: root, "holds 99 challenges made from files named \((data as NSString).lastPathComponent); remove some")
    }

    /// The fingerprint key/made-by.toml records, nil for a folder tandem did not make.
    public static func fingerprint(of folder: String) -> String? {
        guard let text = try? String(contentsOfFile: folder + "/" + ChallengeFolderWriter.madeByFile, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, parts[0] == "fingerprint" { return parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        return nil
    }
}
