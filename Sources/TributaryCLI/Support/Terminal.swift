import Foundation

/// What the command knows about where it runs: whether a person is at a terminal, and asking them.
enum Terminal {
    /// Whether standard input is a terminal, so a question can be answered.
    static var inputIsInteractive: Bool { isatty(STDIN_FILENO) == 1 }
    /// Whether standard error is a terminal, so progress can be redrawn in place.
    static var errorIsInteractive: Bool { isatty(STDERR_FILENO) == 1 }
}

/// Asks questions on a terminal: the question and its default on standard error, the answer from
/// standard input. An empty answer (or the end of input) takes the default.
struct Prompter: Sendable {
    /// Reads one line of the answer; `nil` at the end of input.
    var readAnswer: @Sendable () -> String?
    /// Shows the question.
    var show: @Sendable (String) -> Void

    /// Asks on this process's terminal.
    static let terminal = Prompter(readAnswer: { readLine(strippingNewline: true) },
                                   show: { FileHandle.standardError.write(Data($0.utf8)) })

    /// The answer, or `defaultValue` when the answer is empty.
    func ask(_ question: String, default defaultValue: String) -> String {
        show("\(question) [\(defaultValue)]: ")
        let answer = (readAnswer() ?? "").trimmingCharacters(in: .whitespaces)
        return answer.isEmpty ? defaultValue : answer
    }

    /// One of `choices` (matched by prefix, case-insensitively); asks again up to three times.
    func choose(_ question: String, _ choices: [String], default defaultValue: String) -> String {
        for _ in 0..<3 {
            let answer = ask("\(question) (\(choices.joined(separator: "/")))", default: defaultValue).lowercased()
            if let match = choices.first(where: { $0.lowercased() == answer })
                ?? choices.first(where: { $0.lowercased().hasPrefix(answer) }) {
                return match
            }
            show("Please answer \(choices.joined(separator: ", ")).\n")
        }
        return defaultValue
    }

    /// Whether the answer is yes; anything else, or nothing, is no.
    func confirm(_ question: String) -> Bool {
        show("\(question) [y/N]: ")
        let answer = (readAnswer() ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        return answer == "y" || answer == "yes"
    }
}
