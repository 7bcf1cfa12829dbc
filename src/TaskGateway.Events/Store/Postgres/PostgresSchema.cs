namespace TaskGateway.Events.Store.Postgres;

/// <summary>
/// The PostgreSQL schema's numbered steps (never edit a released step: add one). Ids compare byte-wise (COLLATE "C"),
/// as the gateway orders them; times are timestamptz.
/// </summary>
internal static class PostgresSchema
{
    public static readonly IReadOnlyList<string> Steps =
    [
        """
        CREATE TABLE subscriptions (
            id text COLLATE "C" NOT NULL PRIMARY KEY,
            owner text NOT NULL,
            target text NOT NULL,
            task_target boolean NOT NULL,
            until_expr text NOT NULL,
            filter text NOT NULL,
            sink_uri text NOT NULL,
            secret text NOT NULL,
            content_mode integer NOT NULL,
            state integer NOT NULL,
            create_time timestamptz NOT NULL,
            watching boolean NOT NULL,
            view_json text,
            last_event_id text,
            last_event_type text,
            last_time timestamptz,
            last_outcome integer,
            last_attempts integer,
            last_http_status integer,
            last_error text,
            last_next_attempt timestamptz
        );
        CREATE INDEX subscriptions_owner ON subscriptions (owner, id);
        CREATE INDEX subscriptions_watching ON subscriptions (state, watching);
        CREATE TABLE outbox (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            event_id text NOT NULL UNIQUE,
            subscription_id text COLLATE "C" NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
            dedupe_key text NOT NULL,
            type text NOT NULL,
            subject text NOT NULL,
            time timestamptz NOT NULL,
            data text NOT NULL,
            final boolean NOT NULL,
            enqueued_at timestamptz NOT NULL,
            due_at timestamptz NOT NULL,
            attempts integer NOT NULL,
            lease_owner text,
            lease_token text,
            lease_until timestamptz,
            delivered_at timestamptz,
            UNIQUE (subscription_id, dedupe_key)
        );
        CREATE INDEX outbox_pending ON outbox (subscription_id, seq) WHERE delivered_at IS NULL;
        CREATE INDEX outbox_delivered ON outbox (delivered_at) WHERE delivered_at IS NOT NULL;
        """,
    ];
}
