import ArgumentParser

/// A command failed for a reason the user can fix: one sentence, and the exit code the README documents.
struct CLIError: Error, CustomStringConvertible {
    /// The exit codes of every command.
    struct Code: Hashable, Sendable {
        let exitCode: Int32
        /// 1: the work failed.
        static let failed = Code(exitCode: 1)
        /// 2: the command line or configuration is wrong.
        static let usage = Code(exitCode: 2)
        /// 3: the run finished, but some collections did not sync.
        static let partial = Code(exitCode: 3)
    }

    /// The code.
    var code: Code
    /// What happened and what to do.
    var message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    var description: String { message }
}

extension CLIError {
    /// Prints the message to standard error and exits with the code.
    func exit() -> ExitCode {
        printError("error: \(message)")
        return ExitCode(code.exitCode)
    }
}

/// Writes a line to standard error.
func printError(_ line: String) {
    var stderr = StandardError()
    print(line, to: &stderr)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandle.standardError.write(Data(string.utf8))
    }
}

import Foundation
