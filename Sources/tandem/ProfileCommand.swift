import ArgumentParser
import Foundation
import TandemData

struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Column profile of any CSV: types, missing values, distributions, hints, association with a target."
    )

    @Argument(help: "The CSV file.") var file: String
    @Option(help: "The target column: ranks the others by association with it.") var target: String?
    @Flag(help: "Print JSON for scripts.") var json = false
    @Flag(help: "ASCII histograms instead of Unicode blocks.") var ascii = false
    @OptionGroup var dialect: DialectOptions

    func run() throws {
        try reportingErrors {
            guard FileManager.default.fileExists(atPath: file) else { throw CommandFailure.userError("cannot read \(file): no such file") }
            var notes: [String] = []
            let frame = try CSVReader.read(path: file, dialect: dialect.options, notes: &notes)
            for note in notes { printError("tandem: note: \(file): " + sanitizeForDisplay(note)) }
            if let target, frame[target] == nil {
                let shown = frame.columnNames.prefix(12).joined(separator: ", ") + (frame.columns.count > 12 ? ", …" : "")
                throw CommandFailure.userError("\(file): --target \"\(target)\" is not a column (columns: \(shown))")
            }
            let profile = Profiler.profile(frame, source: file, target: target)
            if json {
                print(try JSONOutput.string(profile))
            } else {
                print(ProfileTextReport.render(profile, ascii: ascii || !Terminal.supportsUnicode), terminator: "")
            }
        }
    }
}

enum JSONOutput {
    static func string<T: Encodable>(_ value: T, pretty: Bool = true) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

enum Terminal {
    /// Unicode block characters need a UTF-8 locale.
    static var supportsUnicode: Bool {
        let env = ProcessInfo.processInfo.environment
        let locale = env["LC_ALL"] ?? env["LC_CTYPE"] ?? env["LANG"] ?? ""
        return locale.isEmpty || locale.uppercased().contains("UTF-8") || locale.uppercased().contains("UTF8")
    }
}
