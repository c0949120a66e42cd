import Foundation
import Testing

/// What one run of the `tributary` executable did.
struct CLIResult: Sendable, CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String

    var description: String { "exit \(status)\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)" }
}

/// Runs the real `tributary` executable that `swift build` left in `.build/debug`, as a user would: in a
/// folder of its own, with only the environment given (no terminal, so no prompts or redrawn progress).
struct CLIWorkspace: Sendable {
    /// The folder the commands run in; removed by ``with(_:)``.
    let directory: URL

    /// `.build/debug/tributary` of this package.
    static let executable: URL = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/tributary")
    }()

    /// Runs `body` in a new empty folder, then removes it.
    static func with<T: Sendable>(_ body: (CLIWorkspace) async throws -> T) async throws -> T {
        try #require(FileManager.default.isExecutableFile(atPath: executable.path),
                     "build the executable first: swift build (scripts/test does)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tributary-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try await body(CLIWorkspace(directory: directory))
    }

    /// A path inside the folder.
    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Writes a file inside the folder.
    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: path(name), atomically: true, encoding: .utf8)
    }

    /// Reads a file inside the folder.
    func read(_ name: String) throws -> String {
        try String(contentsOfFile: path(name), encoding: .utf8)
    }

    /// Runs `tributary ARGUMENTS` here and waits for it (killing it after `timeout`).
    func run(_ arguments: [String], environment: [String: String] = [:], input: String? = nil,
             timeout: Duration = .seconds(180)) async throws -> CLIResult {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ["PATH": "/usr/bin:/bin", "HOME": directory.path, "LANG": "C.UTF-8"]
        env.merge(environment) { _, new in new }
        process.environment = env
        let id = UUID().uuidString
        let out = directory.appendingPathComponent(".out-\(id)"), err = directory.appendingPathComponent(".err-\(id)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
        process.standardOutput = outHandle
        process.standardError = errHandle
        let stdin = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        let exited = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { exited.continuation.yield($0.terminationStatus); exited.continuation.finish() }
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        let status = await withTaskGroup(of: Int32?.self) { group in
            group.addTask { await exited.stream.first { _ in true } }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            if first == nil, process.isRunning { process.terminate() }
            group.cancelAll()
            return first ?? -1
        }
        try outHandle.close()
        try errHandle.close()
        return CLIResult(status: status, stdout: try String(contentsOf: out, encoding: .utf8),
                         stderr: try String(contentsOf: err, encoding: .utf8))
    }
}
