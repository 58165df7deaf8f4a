import ArgumentParser

/// DESIGN.md section 7: `--db`, `--data-dir` and `--theme` are accepted before the subcommand as well as after it
/// (`tandem --db F sessions` = `tandem sessions --db F`), and a subcommand's name is never taken as the default
/// `open`'s challenge. ArgumentParser reads options only after the subcommand that declares them, so leading global
/// options are moved behind the subcommand path; one the subcommand does not take is dropped (it has no use there).
enum GlobalOptions {
    static let names = ["--db", "--data-dir", "--theme"]

    static func reorder(_ arguments: [String], root: any ParsableCommand.Type) -> [String] {
        var globals: [[String]] = [], i = 0
        while i < arguments.count {
            let a = arguments[i]
            if names.contains(where: { a.hasPrefix($0 + "=") }) {
                globals.append([a])
                i += 1
            } else if names.contains(a), i + 1 < arguments.count {
                globals.append([a, arguments[i + 1]])
                i += 2
            } else {
                break
            }
        }
        guard !globals.isEmpty else { return arguments }
        var rest = Array(arguments[i...])
        var command: any ParsableCommand.Type = root, path: [String] = []
        while let next = rest.first, let sub = command.configuration.subcommands.first(where: { $0.configuration.commandName == next }) {
            path.append(next)
            rest.removeFirst()
            command = sub
        }
        let help = command.helpMessage(columns: 400)
        let kept = path.isEmpty ? globals : globals.filter { option in
            let name = String(option[0].split(separator: "=", maxSplits: 1)[0])
            return help.contains(name + " ")
        }
        return path + kept.flatMap { $0 } + rest
    }
}
