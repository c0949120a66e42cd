// Mirrors show what descriptions show, so that `dump` and mirror-based loggers cannot reach a password
// in the destination URL, a webhook URL's token, or a secret.

extension TributaryConfiguration: CustomReflectable {
    /// The file, the masked destination and the sources.
    public var customMirror: Mirror {
        Mirror(self, children: ["file": file, "destination": destination.description, "sources": sources],
               displayStyle: .struct)
    }
}

extension SourceConfiguration: CustomReflectable {
    /// The source's summary, without secrets.
    public var customMirror: Mirror {
        Mirror(self, children: ["summary": description], displayStyle: .struct)
    }
}
