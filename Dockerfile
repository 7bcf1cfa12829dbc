# TaskGateway: gRPC (h2c) on 5000, REST/JSON on 5080, as a non-root user with a health check.
# CI runs the publish commands below verbatim (see .ci/run) and runs the published app the way this image
# does (all interfaces, caller API key, JSON logs, the HEALTHCHECK command), since no Docker engine is there.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/TaskGateway/TaskGateway.csproj -c Release -o out/publish
RUN dotnet publish src/TaskGateway.Cli/TaskGateway.Cli.csproj -c Release -o out/cli

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /src/out/publish .
COPY --from=build /src/out/cli ./cli
# Inside a container the ports must be reachable from outside it, so the gateway binds all interfaces, and
# then refuses to start without caller authentication: give it TaskGateway__Callers__ApiKeys__{name} or
# TaskGateway__Callers__Jwt__* (or, on a network you trust, TaskGateway__Callers__AllowUnauthenticatedRemote=true).
# Sources come from environment variables (TaskGateway__Sources__{alias}__Kind, ...) and secrets from files
# mounted in /run/secrets/taskgateway (one key per file). With no sources the gateway refuses to start (exit 1):
# the embedded sandbox's demo data is served only with TaskGateway__Sandbox__Enabled=true.
# With caller authentication on, every endpoint needs credentials, health included (deny by default); the
# HEALTHCHECK below runs `taskgateway-cli health` without a key, so health (grpc.health.v1 and /healthz/*, nothing
# else) is opened to callers without credentials here. Remove it if your probes send a key.
ENV TaskGateway__Hosting__Address=0.0.0.0 \
    TaskGateway__Callers__Anonymous__Health=true \
    Logging__Console__FormatterName=json \
    Logging__Console__FormatterOptions__IncludeScopes=true
EXPOSE 5000 5080
# Push subscriptions and their pending events live in a SQLite file at /app/data/events.db by default
# (TaskGateway:Events:SqlitePath): a volume, so they outlive the container. Several replicas share PostgreSQL instead
# (TaskGateway__Events__PostgreSql, a connection string; docs/events.md).
RUN mkdir -p /app/data && chown $APP_UID /app/data
VOLUME /app/data
# The non-root user of the .NET images (uid 1654).
USER $APP_UID
# grpc.health.v1 without caller credentials (TaskGateway__Callers__Anonymous__Health above); the CLI's exit status
# is the probe's answer.
HEALTHCHECK --interval=15s --timeout=5s --start-period=10s --retries=3 \
    CMD ["dotnet", "/app/cli/taskgateway-cli.dll", "health", "--address", "http://127.0.0.1:5000"]
ENTRYPOINT ["dotnet", "TaskGateway.dll"]
