import Foundation

/// Folders of this checkout, found from this source file's path (tests run from anywhere).
public enum RepositoryPaths {
    public static let root: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    public static let sampleData = root + "/SampleData"

    /// A fresh empty folder under the temporary directory.
    public static func temporaryFolder(_ prefix: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
