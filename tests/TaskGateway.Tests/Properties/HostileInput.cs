using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;

namespace TaskGateway.Tests.Properties;

/// <summary>Generators of names, tokens and filters that mix valid parts with what attackers and bugs send.</summary>
internal static class HostileInput
{
    public const int Runs = 10_000;

    /// <summary>
    /// With TASKGATEWAY_PROPERTY_SEED set (CI sets it) every run checks the same inputs, so a red CI run is never a
    /// roll of the dice and always reproduces; without it each run explores new inputs and a failure prints its seed.
    /// </summary>
    public static readonly Config Config = Seeded(Config.QuickThrowOnFailure.WithMaxTest(Runs).WithQuietOnSuccess(true));

    private static Config Seeded(Config config) =>
        ulong.TryParse(Environment.GetEnvironmentVariable("TASKGATEWAY_PROPERTY_SEED"), out var seed)
            ? config.WithReplay(new Replay(new Rnd(seed), FSharpOption<int>.None))
            : config;

    private static readonly string[] Collections = ["sources", "projects", "instances", "tasks", "scheduledTasks", "exportTasks", "accounts", "status"];

    private static readonly string[] Hostile =
    [
        "..", ".", "%2F", "%2f", "%2e%2e", "%2E%2E", "%00", "%", "/", "//", "\\", "..\\..", "a/../b", "?", "#", "&", "=", "@", ":",
        "\u0000", "\n", "\r\n", "\t", "\u007f", "\u202e", "\ud800", "\udfff", "é", "测试", "😀", " ", "a b", "*", "{task}",
        "http://169.254.169.254", "localhost:80", "A", "ABC", "-", "_", new string('a', 64), new string('a', 65), new string('f', 36), new string('f', 37),
    ];

    private static readonly string[] Valid =
    [
        "iotda", "dms", "astra", "0b7e5d1c2a3f4e6d8c9b0a1f2e3d4c5b", "4f3e2d1c-0b9a-4876-a5b4-c3d2e1f0a9b8", "075f413d-a3bb-4243-974d-8eb9221c1234",
        "ff808082889e267601889e2df7be0013", "jeQDJQZltU8iKgFFoW060F5SGZka", "cdc-web-01", "a1b2c3d4-0000-4000-8000-000000000001", "p", "x_y",
    ];

    private static Gen<string> Segment =>
        Gen.Frequency(
            (4, Gen.Elements(Collections)),
            (4, Gen.Elements(Valid)),
            (3, Gen.Elements(Hostile)),
            (1, ArbMap.Default.GeneratorFor<string>().Select(s => s ?? string.Empty)));

    private static readonly string[] Shapes =
    [
        "sources/{a}/projects/{i}/instances/{i}/tasks/{i}",
        "sources/{a}/projects/{i}/instances/{i}/scheduledTasks/{i}",
        "sources/{a}/projects/{i}/exportTasks/{i}",
        "sources/{a}/accounts/{i}/tasks/{i}",
        "sources/{a}/projects/{i}/instances/{i}/status",
    ];

    private static Gen<string> Id => Gen.Frequency((6, Gen.Elements(Valid)), (1, Gen.Elements(Hostile)), (1, ArbMap.Default.GeneratorFor<string>().Select(s => s ?? string.Empty)));

    private static Gen<string> Alias => Gen.Frequency((8, Gen.Elements(TaskGateway.Sandbox.SandboxServer.Aliases.ToArray())), (1, Gen.Elements(Hostile)), (1, Gen.Elements("nowhere", "IOTDA")));

    // A real shape with each id drawn from valid, hostile and random text: most names reach a validator.
    private static Gen<string> Shaped => Gen.Elements(Shapes).SelectMany(shape =>
        Gen.ListOf(Id, 4).SelectMany(ids => Alias.Select(alias =>
        {
            var result = shape.Replace("{a}", alias, StringComparison.Ordinal);
            foreach (var id in ids)
            {
                var at = result.IndexOf("{i}", StringComparison.Ordinal);
                if (at < 0)
                {
                    break;
                }

                result = result[..at] + id + result[(at + 3)..];
            }

            return result;
        })));

    private static Gen<string> Scrambled => Gen.Choose(1, 10)
        .SelectMany(count => Gen.ListOf(Segment, count))
        .Select(segments => string.Join("/", segments));

    /// <summary>Resource names: real shapes with valid, hostile or random ids, and scrambled segment lists.</summary>
    public static Arbitrary<string> Names => Gen.Frequency((3, Shaped), (1, Scrambled)).ToArbitrary();

    /// <summary>Filters: sequences of field names, operators, values and keywords, most not grammatical.</summary>
    public static Arbitrary<string> Filters => Gen.ListOf(Gen.Frequency(
            (3, Gen.Elements("state", "done", "type", "create_time", "progress_percent", "source_state", "colour", "kind", "name")),
            (3, Gen.Elements("=", "!=", "<", ">", "<=", ">=", ":", "!", "==")),
            (3, Gen.Elements("RUNNING", "STATE_FAILED", "true", "\"2024-01-01T00:00:00Z\"", "'x'", "12.5", "*", "\"unterminated", "\u0000", "😀")),
            (2, Gen.Elements("AND", "OR", "NOT", "(", ")", "((", "))")),
            (1, ArbMap.Default.GeneratorFor<string>().Select(s => s ?? string.Empty))))
        .Select(tokens => string.Join(" ", tokens))
        .ToArbitrary();

    /// <summary>Page tokens: random strings, random base64url, and base64url of random bytes.</summary>
    public static Arbitrary<string> Tokens => Gen.Frequency(
            (1, ArbMap.Default.GeneratorFor<string>().Select(s => s ?? string.Empty)),
            (2, ArbMap.Default.GeneratorFor<byte[]>().Select(b => Convert.ToBase64String(b ?? []).TrimEnd('=').Replace('+', '-').Replace('/', '_'))),
            (1, Gen.Elements(Hostile)))
        .ToArbitrary();
}
