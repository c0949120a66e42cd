import ArgumentParser
import Foundation
import TributaryConfig

/// `tributary init`: a commented starter `tributary.yml`.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented starter tributary.yml.",
        discussion: """
        Writes one source that syncs every collection, with every other setting explained and commented \
        out. On a terminal it asks for the source's name, Stripe or the emulator, and the destination, \
        each with a default; elsewhere it takes the defaults (--emulator for the emulator). It never \
        replaces a file without --force.

        Exit codes: 0 written, 1 the file cannot be written, 2 the file exists (without --force).
        """
    )

    @Option(help: "The file to write.") var path = ConfigFile.defaultPath
    @Flag(help: "Replace the file if it exists.") var force = false
    @Flag(help: "Read the emulator (`tributary emulator`, http://127.0.0.1:12111) instead of Stripe.") var emulator = false

    func run() throws {
        do {
            if FileManager.default.fileExists(atPath: path), !force {
                throw CLIError(.usage, "\(path) exists; edit it, or add --force to replace it with a starter")
            }
            let answers = Terminal.inputIsInteractive ? InitAnswers.ask(Prompter.terminal, emulator: emulator)
                                                      : InitAnswers(emulator: emulator)
            guard FileManager.default.createFile(atPath: path, contents: Data(answers.file.utf8)) else {
                throw CLIError(.failed, "Cannot write \(path); check that its folder exists and is writable")
            }
            print("Wrote \(path): source '\(answers.writtenName)' from \(answers.baseURL) into \(answers.destination).")
            print(answers.nextSteps(path: path))
        } catch let error as CLIError {
            throw error.exit()
        }
    }
}

/// What `init` writes: the defaults, or what the person at the terminal answered.
struct InitAnswers: Sendable, Equatable {
    var sourceName = "stripe"
    var baseURL = "https://api.stripe.com"
    var destination = "sqlite:tributary.sqlite"

    init(sourceName: String = "stripe", emulator: Bool = false, destination: String = "sqlite:tributary.sqlite") {
        self.sourceName = sourceName
        self.baseURL = emulator ? ConfigFile.emulatorBaseURL : "https://api.stripe.com"
        self.destination = destination
    }

    /// Asks the three questions, the defaults in brackets.
    static func ask(_ prompter: Prompter, emulator: Bool) -> InitAnswers {
        var answers = InitAnswers(emulator: emulator)
        answers.sourceName = prompter.ask("Source name", default: answers.sourceName)
        let reads = prompter.choose("Read Stripe or the emulator", ["stripe", "emulator"], default: emulator ? "emulator" : "stripe")
        answers.baseURL = reads == "emulator" ? ConfigFile.emulatorBaseURL : "https://api.stripe.com"
        answers.destination = prompter.ask("Destination (sqlite:PATH or postgres://USER:${PGPASSWORD}@HOST/DB)",
                                           default: answers.destination)
        return answers
    }

    /// The starter with these answers.
    var file: String {
        ConfigFile.starter(sourceName: sourceName, baseURL: baseURL, destination: destination)
    }

    /// The source's name as the starter writes it (anything but letters, digits, `_` and `-` is `_`).
    var writtenName: String {
        String(sourceName.prefix(64).map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") ? $0 : "_" })
    }

    /// What to run next.
    func nextSteps(path: String) -> String {
        let config = path == ConfigFile.defaultPath ? "" : " --config \(path)"
        let key = baseURL == ConfigFile.emulatorBaseURL
            ? "  tributary emulator &                     # Stripe's read API, offline\n  export STRIPE_API_KEY=\(ConfigFile.emulatorAPIKey)\n"
            : "  export STRIPE_API_KEY=rk_live_…          # a restricted key with read access is enough\n"
        return "Next:\n\(key)  tributary check\(config)\n  tributary preview charges\(config)\n  tributary sync\(config)"
    }
}
