import Logging

/// What every long-running command does first: memory settings, and logs to standard error at a level.
enum ProcessSetup {
    static func start(logLevel: Logger.Level) {
        MemoryTuning.apply()
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = logLevel
            return handler
        }
    }
}
