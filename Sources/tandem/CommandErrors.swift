import ArgumentParser
import TandemData
import TandemSession

/// A user-facing failure: one line on stderr and exit code 1 (bad input) or 2 (internal).
struct CommandFailure: Error, CustomStringConvertible {
    let message: String
    let code: Int32

    static func userError(_ message: String) -> CommandFailure { CommandFailure(message: message, code: 1) }
    static func internalError(_ message: String) -> CommandFailure { CommandFailure(message: message, code: 2) }

    var description: String { message }
}

extension CommandFailure {
    /// A store failure keeps its kind: the user's to fix exits 1, a disk or tandem failure exits 2.
    init(_ error: StoreError) {
        self.init(message: error.description, code: error.kind == .internal ? 2 : 1)
    }
}

/// Runs a command body, turning known errors into one stderr line and the documented exit code.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as CSVError {
        printError("tandem: \(error)")
        throw ExitCode(1)
    } catch let error as CommandFailure {
        printError("tandem: \(error.message)")
        throw ExitCode(error.code)
    }
}

func printError(_ line: String) {
    var stderr = StandardError()
    print(sanitizeForDisplay(line), to: &stderr)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandleOutput.write(string, fd: 2)
    }
}

enum FileHandleOutput {
    static func write(_ string: String, fd: Int32) {
        var s = string
        s.withUTF8 { buf in
            var done = 0
            while done < buf.count {
                let n = Glibc.write(fd, buf.baseAddress.map { $0 + done }, buf.count - done)
                if n <= 0 { return }
                done += n
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
