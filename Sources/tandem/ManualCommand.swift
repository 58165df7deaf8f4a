import ArgumentParser

/// `tandem manual`: the man page (roff), written from the command tree, so it always says what the binary takes.
/// ArgumentParser's generate-manual plugin would do the same through a package plugin; this needs no plugin build.
struct ManualCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "manual",
        abstract: "Print the man page (roff) of tandem and every subcommand; make install writes it to share/man/man1/tandem.1.",
        shouldDisplay: false
    )

    func run() throws { print(Self.page()) }

    static func page() -> String {
        var out = [".TH TANDEM 1 \"\" \"tandem \(TandemVersion.string)\" \"User Commands\"", ".SH NAME",
                   "tandem \\- " + escape(Tandem.configuration.abstract), ".SH SYNOPSIS", ".B tandem",
                   "[\\fIglobal options\\fR] [\\fIsubcommand\\fR] [\\fIoptions\\fR]", ".SH DESCRIPTION",
                   escape(Tandem.configuration.discussion), ".PP",
                   "Global options (\\-\\-db, \\-\\-data\\-dir, \\-\\-theme) may come before or after the subcommand.", ".SH COMMANDS"]
        func visit(_ command: any ParsableCommand.Type, path: [String]) {
            let c = command.configuration
            guard c.shouldDisplay else { return }
            let name = (path + [c.commandName ?? ""]).joined(separator: " ")
            out += [".SS \"\(escape(name))\"", escape(c.abstract), ".PP", ".nf"]
            // The help without its OVERVIEW paragraph (the abstract, said above).
            var help = command.helpMessage(columns: 78).split(separator: "\n", omittingEmptySubsequences: false)
            if help.first?.hasPrefix("OVERVIEW:") == true { help = Array(help.drop { !$0.isEmpty }.dropFirst()) }
            out += help.map { escape(String($0)) }
            out.append(".fi")
            for sub in c.subcommands { visit(sub, path: path + [c.commandName ?? ""]) }
        }
        for sub in Tandem.configuration.subcommands { visit(sub, path: ["tandem"]) }
        out += [".SH EXIT STATUS", "0 ok, 1 bad input, 2 internal error.", ".SH FILES",
                "$XDG_DATA_HOME/tandem/sessions.sqlite (the session store), ~/.config/tandem/config.toml (the LLM agent),",
                "<prefix>/share/tandem (Themes and SampleData of an installed tandem)."]
        return out.joined(separator: "\n") + "\n"
    }

    /// Text for roff: backslashes doubled, and a leading dot or quote kept from reading as a request.
    static func escape(_ s: String) -> String {
        let t = s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "-", with: "\\-")
        return t.hasPrefix(".") || t.hasPrefix("'") ? "\\&" + t : t
    }
}
