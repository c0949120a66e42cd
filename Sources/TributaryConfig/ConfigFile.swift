/// The `tributary.yml` file: its default name and the commented starter `tributary init` writes.
public enum ConfigFile {
    /// The file the commands read when `--config` is not given.
    public static let defaultPath = "tributary.yml"
    /// Where `tributary emulator` listens by default.
    public static let emulatorBaseURL = "http://127.0.0.1:12111"
    /// The key the emulator accepts by default.
    public static let emulatorAPIKey = "sk_test_tributary_emulator_secret_0001"

    /// The starter for Stripe itself, writing to `sqlite:tributary.sqlite`. It loads once
    /// `STRIPE_API_KEY` is set.
    public static let starter = starter()

    /// A commented starter configuration: one source syncing every collection, every other key explained
    /// and shown commented out.
    ///
    /// - Parameters:
    ///   - sourceName: the source's nickname; letters, digits, `_` and `-` (anything else becomes `_`).
    ///   - baseURL: Stripe's API, or ``emulatorBaseURL`` to read the emulator.
    ///   - destination: the destination URL, written quoted (`postgres://…` with `${PGPASSWORD}`, say).
    public static func starter(sourceName: String = "stripe", baseURL: String = "https://api.stripe.com",
                               destination: String = "sqlite:tributary.sqlite") -> String {
        let name = String(sourceName.prefix(64).map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") ? $0 : "_" })
        let emulatorHint = baseURL == emulatorBaseURL
            ? "    # The emulator's key: export STRIPE_API_KEY=\(emulatorAPIKey)\n"
            : "    # For the emulator (`tributary emulator`): export STRIPE_API_KEY=\(emulatorAPIKey)\n"
        return """
        # tributary.yml: what Tributary copies from Stripe, and where it goes.
        #
        # Any value may read the environment: ${NAME}, or ${NAME:-default} when NAME may be unset ($${ is a
        # literal ${). Keys, salts and webhook secrets must come from the environment: written here, they
        # are refused. `tributary check` tests each source's key; `tributary sync` syncs every source.

        # Where the tables go: sqlite:PATH (a file, created when missing), or
        # postgres://USER:${PGPASSWORD}@HOST:5432/DATABASE?sslmode=require
        destination: \(quoted(destination))

        # One entry per Stripe account. Sources may share a schema when their table prefixes differ.
        sources:
          # A nickname: 1 to 64 letters, digits, _ and -. `tributary sync --source \(name)` syncs only it.
          - name: \(name)

            # The secret (sk_…) or restricted (rk_…) key, read from the environment.
        \(emulatorHint)\
            # Or keep the key alone in a file, and use api_key_file instead (one of the two):
            #   api_key_file: secrets/stripe.key
            api_key: ${STRIPE_API_KEY}

            # Stripe's API; `tributary emulator` listens on \(emulatorBaseURL).
            base_url: \(quoted(baseURL))

            # The schema of the tables, and the text put before each table's name (stripe_charges, …).
            schema: main
            table_prefix: stripe_

            # What to sync: all, a list such as [charges, customers, invoices], or
            # {include: all, exclude: [events]}. `tributary collections` lists the names.
            collections: all

            # Everything below is optional.

            # The share of objects that may be rejected (each kept in _tributary_rejects with its reason)
            # before a run counts as failed rather than partial: 0 to 1, or a percentage such as 1%.
            max_rejected_share: 0.01

            # Per table: columns never written (exclude), and columns written as the salted SHA-256 of
            # their value in hex (hash), for personal data. A field path such as billing_details.address
            # covers every column below it. Keys (id, parents' ids, _tributary_*) cannot be listed.
            # columns:
            #   charges:
            #     exclude: [billing_details.address]
            #     hash: [billing_details_email, billing_details_name]
            #   customers:
            #     hash: [email, name, phone]

            # The salt of hashed columns: from the environment, at least 16 characters
            # (openssl rand -hex 32). The same salt gives the same hash in every table, so joins work.
            # hash_salt: ${TRIBUTARY_HASH_SALT}

            # Per table: rename columns, and add <amount>_decimal columns holding minor units divided by
            # the row's currency's exponent (1099 usd → 10.99, 1099 jpy → 1099, 1099 kwd → 1.099).
            # mapping:
            #   charges:
            #     rename: {amount: amount_minor}
            #     decimal_amounts: [amount, amount_refunded]

            # Connect: none (the default), all (the platform and every connected account), or a list of
            # acct_… ids. Each row's account is in _tributary_account.
            # connected_accounts: all

            # When `tributary serve` syncs, in UTC: every 15m, hourly, daily at 02:00, or a cron
            # expression such as "0 */6 * * *". Without it, the source syncs on demand only.
            # schedule: every 15m

            # Where to POST a notice when a run ends failed or partial (or succeeded).
            # alerts:
            #   webhook: ${ALERT_WEBHOOK_URL}
            #   on: [failed, partial]

            # The signing secret of this account's Stripe webhooks, from the environment.
            # webhook_secret: ${STRIPE_WEBHOOK_SECRET}

            # A cap on requests per second to Stripe, below the key's own limit (live 100, test 25).
            # max_rps: 20

            # How many of the latest runs `tributary rollback` can undo; older runs' undo images are
            # removed as each run starts.
            # rollback_runs: 10

        """
    }

    /// A YAML double-quoted scalar; `${…}` inside still reads the environment.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
