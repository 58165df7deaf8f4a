import Foundation
import TandemData

/// A Kaggle competition zip (train.csv, test.csv, sample_submission.csv and whatever else, maybe in one folder) opened
/// as a challenge folder: unpacked once into `root`, keyed by the zip's name, size and time, and reused after.
public enum ZipChallenge {
    /// Whether `path` is a zip that holds a train.csv (compressed or not), at the top or in one folder.
    public static func isChallengeZip(_ path: String) -> Bool {
        guard path.lowercased().hasSuffix(".zip"), let entries = try? CompressedInput.zipEntries(path: path) else { return false }
        return trainEntry(entries) != nil
    }

    static func trainEntry(_ entries: [CompressedInput.ZipEntry]) -> CompressedInput.ZipEntry? {
        entries.first { e in
            let name = (e.name as NSString).lastPathComponent
            return !e.name.hasPrefix("__MACOSX/") && (name == "train.csv" || CompressedInput.extensions.contains { name == "train.csv" + $0 })
        }
    }

    /// The folder the zip unpacks to (made on first use, whole or not at all); `fresh` when it was made now.
    public static func unpack(_ path: String, root: String) throws(ChallengeError) -> (folder: String, fresh: Bool) {
        let entries: [CompressedInput.ZipEntry]
        do { entries = try CompressedInput.zipEntries(path: path) } catch { throw ChallengeError(file: path, error.message) }
        guard let train = trainEntry(entries) else { throw ChallengeError(file: path, "the zip holds no train.csv") }
        let prefix = (train.name as NSString).deletingLastPathComponent
        let attributes = (try? FileManager.default.attributesOfItem(atPath: path)) ?? [:]
        let size = (attributes[.size] as? Int) ?? 0
        let time = Int((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)
        let stem = ChallengeInference.slug(((path as NSString).lastPathComponent as NSString).deletingPathExtension)
        // Named after the zip (its challenge id), unless another zip of that name took the name first.
        let source = "\((path as NSString).standardizingPath) \(size) \(time)"
        let fm = FileManager.default
        var folder = root + "/" + stem
        if let marker = fm.contents(atPath: folder + "/.unpacked") {
            if String(decoding: marker, as: UTF8.self) == source { return (folder, false) }
            let fnv = source.utf8.reduce(0xCBF2_9CE4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
            folder += "-\(String(fnv % 1_000_000, radix: 36))"
            if fm.fileExists(atPath: folder + "/.unpacked") { return (folder, false) }
        }
        let staging = folder + ".part"
        do {
            try? fm.removeItem(atPath: staging)
            try fm.createDirectory(atPath: staging, withIntermediateDirectories: true)
            for e in entries where !e.name.hasPrefix("__MACOSX/") && (prefix.isEmpty || e.name.hasPrefix(prefix + "/")) {
                let relative = prefix.isEmpty ? e.name : String(e.name.dropFirst(prefix.count + 1))
                // Never outside the folder: no absolute paths, no "..".
                let parts = relative.split(separator: "/")
                guard !relative.hasPrefix("/"), !parts.contains(".."), !parts.isEmpty else { continue }
                let target = staging + "/" + relative
                try fm.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                let bytes: [UInt8]
                do { bytes = try CompressedInput.extract(e, zip: path) } catch { throw ChallengeError(file: path, error.message) }
                guard fm.createFile(atPath: target, contents: Data(bytes)) else { throw ChallengeError(file: target, "cannot be written") }
            }
            guard fm.createFile(atPath: staging + "/.unpacked", contents: Data(source.utf8)) else { throw ChallengeError(file: staging, "cannot be written") }
            try? fm.removeItem(atPath: folder)
            try fm.moveItem(atPath: staging, toPath: folder)
        } catch let error as ChallengeError {
            throw error
        } catch {
            throw ChallengeError(file: folder, "cannot unpack \(path) here: \(error.localizedDescription)")
        }
        return (folder, true)
    }
}
