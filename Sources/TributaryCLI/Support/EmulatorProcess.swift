import Foundation

/// The emulator in a child process of this executable, for measurements that must not count its CPU
/// time or memory as Tributary's.
final class EmulatorProcess: @unchecked Sendable {
    let process: Process
    let baseURL: String
    let secretKey: String

    private init(process: Process, baseURL: String, secretKey: String) {
        self.process = process
        self.baseURL = baseURL
        self.secretKey = secretKey
    }

    /// Starts `tributary emulator ARGUMENTS` and waits until it listens.
    static func start(arguments: [String]) throws -> EmulatorProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["emulator"] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        // The emulator prints its address and key once it listens; generation may take a while.
        var text = ""
        let handle = output.fileHandleForReading
        while !text.contains("secret key:") || !text.contains("\n  restricted") {
            let chunk = handle.availableData
            guard !chunk.isEmpty else {
                throw CLIError(.failed, "The emulator exited before it listened.")
            }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let address = text.firstMatch(of: /listening on (http:\/\/[0-9.]+:[0-9]+)/)?.1,
              let key = text.firstMatch(of: /secret key:\s+(\S+)/)?.1 else {
            process.terminate()
            throw CLIError(.failed, "Cannot read the emulator's address from its output.")
        }
        return EmulatorProcess(process: process, baseURL: String(address), secretKey: String(key))
    }

    /// Stops the emulator.
    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}
