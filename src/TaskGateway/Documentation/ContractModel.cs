using Google.Api;
using Google.Protobuf.Reflection;
using TaskGateway.Hosting;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace TaskGateway.Documentation;

/// <summary>
/// The contract as the documents describe it: the service and every message and enum it reaches, with the
/// protos' comments (from the descriptor set built with source info) and each method's HTTP rules (from the
/// generated descriptors, whose options carry the google.api.http extension).
/// </summary>
internal sealed class ContractModel
{
    private ContractModel(ServiceDescriptor service, IReadOnlyList<MessageDescriptor> messages, IReadOnlyList<EnumDescriptor> enums)
    {
        Service = service;
        Messages = messages;
        Enums = enums;
    }

    public ServiceDescriptor Service { get; }

    /// <summary>Every message the service reaches, in a stable order (by full name).</summary>
    public IReadOnlyList<MessageDescriptor> Messages { get; }

    /// <summary>Every enum the service reaches, by full name.</summary>
    public IReadOnlyList<EnumDescriptor> Enums { get; }

    public static ContractModel Load()
    {
        var files = ReflectionExtensions.ContractFilesWithComments();
        var service = files.SelectMany(f => f.Services).Single(s => s.FullName == Contracts.V1.TaskService.Descriptor.FullName);
        var messages = new SortedDictionary<string, MessageDescriptor>(StringComparer.Ordinal);
        var enums = new SortedDictionary<string, EnumDescriptor>(StringComparer.Ordinal);
        foreach (var method in service.Methods)
        {
            Visit(method.InputType, messages, enums);
            Visit(method.OutputType, messages, enums);
        }

        return new ContractModel(service, [.. messages.Values], [.. enums.Values]);
    }

    /// <summary>The method's HTTP rule, its additional bindings first flattened after it.</summary>
    public static IReadOnlyList<HttpRule> HttpRules(MethodDescriptor method)
    {
        var generated = Contracts.V1.TaskService.Descriptor.FindMethodByName(method.Name);
        var rule = generated.GetOptions()?.GetExtension(AnnotationsExtensions.Http);
        return rule is null ? [] : [rule, .. rule.AdditionalBindings];
    }

    /// <summary>The rule's HTTP verb (upper case) and path template.</summary>
    public static (string Verb, string Template) Route(HttpRule rule) => rule.PatternCase switch
    {
        HttpRule.PatternOneofCase.Get => ("GET", rule.Get),
        HttpRule.PatternOneofCase.Post => ("POST", rule.Post),
        HttpRule.PatternOneofCase.Put => ("PUT", rule.Put),
        HttpRule.PatternOneofCase.Patch => ("PATCH", rule.Patch),
        HttpRule.PatternOneofCase.Delete => ("DELETE", rule.Delete),
        _ => throw new InvalidOperationException($"Unsupported HTTP rule pattern {rule.PatternCase}."),
    };

    /// <summary>A descriptor's leading comment, lines joined, or empty.</summary>
    public static string Comment(IDescriptor descriptor)
    {
        var text = descriptor switch
        {
            MessageDescriptor m => m.Declaration?.LeadingComments,
            FieldDescriptor f => f.Declaration?.LeadingComments,
            EnumDescriptor e => e.Declaration?.LeadingComments,
            EnumValueDescriptor v => v.Declaration?.LeadingComments,
            ServiceDescriptor s => s.Declaration?.LeadingComments,
            MethodDescriptor m => m.Declaration?.LeadingComments,
            OneofDescriptor o => o.Declaration?.LeadingComments,
            _ => null,
        };
        return string.Join(' ', (text ?? string.Empty).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The enum value's JSON name as the gateway writes it: the enum's own prefix removed.</summary>
    public static string JsonName(EnumValueDescriptor value)
    {
        var prefix = ToUpperSnake(value.EnumDescriptor.Name) + "_";
        return value.Name.StartsWith(prefix, StringComparison.Ordinal) && value.Name.Length > prefix.Length ? value.Name[prefix.Length..] : value.Name;
    }

    // Only messages and enums the contract owns or imports from google.rpc are described; well-known types map to JSON types.
    private static void Visit(MessageDescriptor message, SortedDictionary<string, MessageDescriptor> messages, SortedDictionary<string, EnumDescriptor> enums)
    {
        if (message.FullName.StartsWith("google.protobuf.", StringComparison.Ordinal) || !messages.TryAdd(message.FullName, message))
        {
            return;
        }

        foreach (var field in message.Fields.InDeclarationOrder())
        {
            if (field.IsMap)
            {
                var value = field.MessageType.FindFieldByNumber(2);
                if (value.FieldType == FieldType.Message)
                {
                    Visit(value.MessageType, messages, enums);
                }

                continue;
            }

            if (field.FieldType == FieldType.Message)
            {
                Visit(field.MessageType, messages, enums);
            }
            else if (field.FieldType == FieldType.Enum)
            {
                enums.TryAdd(field.EnumType.FullName, field.EnumType);
            }
        }
    }

    private static string ToUpperSnake(string name)
    {
        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && !char.IsUpper(name[i - 1]))
            {
                builder.Append('_');
            }

            builder.Append(char.ToUpperInvariant(name[i]));
        }

        return builder.ToString();
    }
}
