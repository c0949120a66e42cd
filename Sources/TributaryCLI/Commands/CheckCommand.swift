import ArgumentParser
import Foundation
import Logging
import TributaryCatalog
import TributaryConfig
import TributaryStripe

/// `tributary check`: per source, whether the key works and what it may read.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check each source's key: valid, live or test, its account, and which collections it may read.",
        discussion: """
        For every source of the configuration (or those named with --source): GET /v1/account tells \
        whether Stripe accepts the key, its mode and the account; then one limit=1 request per selected \
        top-level collection tells whether the key may read it, naming the permission a restricted key \
        lacks (rak_subscription_read). Nothing is written.

        Exit codes: 0 every key works and may read every selected collection, 1 a key was refused or \
        Stripe could not be reached, 2 usage or configuration error, 3 some collections cannot be read \
        (a sync would end partial).
        """
    )

    @OptionGroup var config: ConfigOptions
    @Flag(help: "Print JSON instead of text.") var json = false

    func run() async throws {
        ProcessSetup.start(logLevel: .error)
        do {
            let configuration = try config.load()
            let sources = try config.selected(from: configuration)
            var reports: [SourceCheck] = []
            for source in sources { reports.append(await SourceCheck.run(source)) }
            if json {
                try JSONOutput.print(CheckReport(sources: reports))
            } else {
                print(reports.map(\.text).joined(separator: "\n\n"))
            }
            let code = CheckReport(sources: reports).exitCode
            if code != 0 { throw ExitCode(code) }
        } catch let error as CLIError {
            throw error.exit()
        }
    }
}
