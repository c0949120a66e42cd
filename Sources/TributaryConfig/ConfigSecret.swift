/// A secret read from the environment (a webhook signing secret) that never prints itself.
public struct ConfigSecret: Sendable, Hashable {
    /// The environment variable it came from.
    public let variable: String
    /// The secret itself. Read it only to use it (to verify a signature), never to show or log it.
    public let value: String

    /// Wraps a secret read from `variable`.
    public init(variable: String, value: String) {
        self.variable = variable
        self.value = value
    }
}

extension ConfigSecret: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `${NAME}`: where the secret comes from, never the secret.
    public var description: String { "${\(variable)}" }
    /// `ConfigSecret(${NAME})`.
    public var debugDescription: String { "ConfigSecret(${\(variable)})" }
    /// A mirror without the secret, for `dump` and mirror-based loggers.
    public var customMirror: Mirror { Mirror(self, children: ["variable": variable], displayStyle: .struct) }
}
