namespace TaskGateway.Events.Store.Sqlite;

/// <summary>
/// The SQLite schema's numbered steps (never edit a released step: add one). Times are unix milliseconds (UTC),
/// booleans 0 and 1, states the contract's enum numbers.
/// </summary>
internal static class SqliteSchema
{
    public static readonly IReadOnlyList<string> Steps =
    [
        """
        CREATE TABLE subscriptions (
            id TEXT NOT NULL PRIMARY KEY,
            owner TEXT NOT NULL,
            target TEXT NOT NULL,
            task_target INTEGER NOT NULL,
            until_expr TEXT NOT NULL,
            filter TEXT NOT NULL,
            sink_uri TEXT NOT NULL,
            secret TEXT NOT NULL,
            content_mode INTEGER NOT NULL,
            state INTEGER NOT NULL,
            create_time INTEGER NOT NULL,
            watching INTEGER NOT NULL,
            view_json TEXT,
            last_event_id TEXT,
            last_event_type TEXT,
            last_time INTEGER,
            last_outcome INTEGER,
            last_attempts INTEGER,
            last_http_status INTEGER,
            last_error TEXT,
            last_next_attempt INTEGER
        );
        CREATE INDEX subscriptions_owner ON subscriptions (owner, id);
        CREATE INDEX subscriptions_watching ON subscriptions (state, watching);
        CREATE TABLE outbox (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            event_id TEXT NOT NULL UNIQUE,
            subscription_id TEXT NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
            dedupe_key TEXT NOT NULL,
            type TEXT NOT NULL,
            subject TEXT NOT NULL,
            time INTEGER NOT NULL,
            data TEXT NOT NULL,
            final INTEGER NOT NULL,
            enqueued_at INTEGER NOT NULL,
            due_at INTEGER NOT NULL,
            attempts INTEGER NOT NULL,
            lease_owner TEXT,
            lease_token TEXT,
            lease_until INTEGER,
            delivered_at INTEGER,
            UNIQUE (subscription_id, dedupe_key)
        );
        CREATE INDEX outbox_pending ON outbox (subscription_id, seq) WHERE delivered_at IS NULL;
        CREATE INDEX outbox_delivered ON outbox (delivered_at) WHERE delivered_at IS NOT NULL;
        """,
    ];
}
