#!/usr/bin/env bash
# Copies the google/api and google/rpc protos that our contract imports from the restored
# Google.Api.CommonProtos NuGet package into .buf-deps/ (git-ignored), so buf can resolve them offline.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version=$(grep -oP 'Include="Google.Api.CommonProtos" Version="\K[^"]+' "$root/Directory.Packages.props")
src="${NUGET_PACKAGES:-$HOME/.nuget/packages}/google.api.commonprotos/$version/content/protos"
[ -d "$src" ] || { echo "Google.Api.CommonProtos $version is not restored: run 'dotnet restore' first" >&2; exit 1; }
rm -rf "$root/.buf-deps"
mkdir -p "$root/.buf-deps/google"
cp -r "$src/google/api" "$src/google/rpc" "$root/.buf-deps/google/"
