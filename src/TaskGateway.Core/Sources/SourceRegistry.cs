using TaskGateway.Contracts.V1;
using System.Collections.Frozen;
using Grpc.Core;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Names;

namespace TaskGateway.Core.Sources;

/// <summary>
/// The configured sources, built once at start-up: resolving a name to its adapter is one dictionary lookup,
/// with no configuration read per request.
/// </summary>
public sealed class SourceRegistry
{
    private readonly FrozenDictionary<string, ITaskBackend> _backends;
    private readonly FrozenDictionary<string, SourceOptions> _options;

    /// <summary>Creates the registry from each alias's adapter and options.</summary>
    public SourceRegistry(IEnumerable<(string Alias, ITaskBackend Backend, SourceOptions Options)> sources)
    {
        var list = sources.ToList();
        _backends = list.ToFrozenDictionary(s => s.Alias, s => s.Backend, StringComparer.Ordinal);
        _options = list.ToFrozenDictionary(s => s.Alias, s => s.Options, StringComparer.Ordinal);
        Aliases = [.. _backends.Keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>The validated options of an alias.</summary>
    public SourceOptions OptionsOf(string alias) => _options[alias];

    /// <summary>The aliases, sorted.</summary>
    public IReadOnlyList<string> Aliases { get; }

    /// <summary>The adapter of an alias.</summary>
    public ITaskBackend this[string alias] => _backends[alias];

    /// <summary>Finds the listing adapter for a parsed parent, with <see cref="Resolve"/>'s checks.</summary>
    public IListingBackend ResolveList(ResourceName parent, string field) =>
        // Resolve refuses a parent on a source without a list shape; a list shape comes only with a list.
        (IListingBackend)Resolve(parent, field);

    /// <summary>
    /// Finds the adapter for a parsed name and checks that the name has that source's shape and valid ids.
    /// Throws the caller-facing error otherwise.
    /// </summary>
    public ITaskBackend Resolve(ResourceName name, string field)
    {
        if (!_backends.TryGetValue(name.Source, out var backend))
        {
            throw new GatewayException(StatusCode.NotFound, ErrorReason.SourceNotFound,
                $"No source '{name.Source}' is configured; ListSources shows the configured sources.",
                new Dictionary<string, string> { ["source"] = name.Source });
        }

        var descriptor = backend.Descriptor;
        if (name.IsParent)
        {
            if (descriptor.ParentShape is not { } parentShape)
            {
                throw new GatewayException(StatusCode.Unimplemented, ErrorReason.MethodNotSupportedBySource,
                    $"Source '{name.Source}' ({descriptor.Kind}) has no list; use GetTask with {descriptor.TaskNamePattern.Replace("{source}", name.Source, StringComparison.Ordinal)}.",
                    new Dictionary<string, string> { ["source"] = name.Source, ["method"] = "ListTasks" });
            }

            if (!name.Fits(parentShape))
            {
                throw new RequestValidationException(field, $"does not fit source '{name.Source}': its tasks are listed under {descriptor.ListParentPattern.Replace("{source}", name.Source, StringComparison.Ordinal)}");
            }
        }
        else if (!name.Fits(descriptor.TaskShape))
        {
            throw new RequestValidationException(field, $"does not fit source '{name.Source}': its task names look like {descriptor.TaskNamePattern.Replace("{source}", name.Source, StringComparison.Ordinal)}");
        }

        var violations = backend.Validate(name, field);
        if (violations.Count > 0)
        {
            throw new RequestValidationException(violations);
        }

        return backend;
    }
}
