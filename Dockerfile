# TaskGateway: gRPC (h2c) on 5000, REST/JSON on 5080.
# CI runs the publish command below verbatim (see .ci/run) and smoke-tests its output, since no Docker engine is
# available there.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/TaskGateway/TaskGateway.csproj -c Release -o out/publish

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /src/out/publish .
# Inside a container the ports must be reachable from outside it. Configure TaskGateway:Sources through
# environment variables (TaskGateway__Sources__{alias}__Kind, ...) or a mounted appsettings file; with none,
# the embedded sandbox serves demo data.
ENV TaskGateway__Hosting__Address=0.0.0.0
EXPOSE 5000 5080
USER $APP_UID
ENTRYPOINT ["dotnet", "TaskGateway.dll"]
