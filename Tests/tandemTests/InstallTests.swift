import Foundation
import Testing
import TestSupport

/// Issue 21: what `make install` puts under PREFIX works without the checkout (the install script run on the debug
/// build; make install runs it on the release build).
@Suite struct InstallTests {
    @Test func anInstalledTandemRunsFromAnotherFolderWithCompletionsAndAManPage() throws {
        let prefix = TempFolder(), elsewhere = TempFolder()
        let script = URL(fileURLWithPath: RepositoryPaths.root + "/scripts/install.sh")
        let installed = try BinaryRunner.run([BinaryRunner.executable.path, prefix.url.path], program: script)
        #expect(installed.status == 0, "\(installed.stdout) \(installed.stderr)")
        let tandem = URL(fileURLWithPath: prefix.path("bin/tandem"))
        let listed = try BinaryRunner.run(["challenges"], program: tandem, in: elsewhere.url.path)
        #expect(listed.status == 0 && listed.stdout.contains("food-shelf-life") && listed.stdout.contains("card-fraud"), "\(listed.stderr)")
        let version = try BinaryRunner.run(["--version"], program: tandem, in: elsewhere.url.path)
        let lines = version.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("tandem 0.1.0 (commit ") == true && lines.first?.contains("unknown") == false, "\(version.stdout)")
        #expect(lines.last?.hasPrefix("XGBoost ") == true && version.stdout.contains(", SQLite 3.") && version.stdout.contains(", ncurses 6."))
        // Completions load in bash and name the subcommands; the man page renders.
        let bash = try BinaryRunner.run(["-c", "source \(prefix.path("share/bash-completion/completions/tandem")) && complete -p tandem"],
                                        program: URL(fileURLWithPath: "/bin/bash"))
        #expect(bash.status == 0 && bash.stdout.contains("complete") && bash.stdout.contains("tandem"), "\(bash.stderr)")
        #expect(try String(contentsOfFile: prefix.path("share/bash-completion/completions/tandem"), encoding: .utf8).contains("predict"))
        let man = try BinaryRunner.run(["-l", prefix.path("share/man/man1/tandem.1")], environment: ["MANPAGER": "cat", "MANWIDTH": "100"],
                                       program: URL(fileURLWithPath: "/usr/bin/man"))
        #expect(man.status == 0 && man.stdout.contains("tandem new") && man.stdout.contains("EXIT STATUS"), "\(man.stderr)")
    }
}
