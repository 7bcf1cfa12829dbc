using System.Text;
using Google.Protobuf.Reflection;
using TaskGateway.Documentation;
using TaskGateway.Hosting;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace TaskGateway.Tests.Documentation;

/// <summary>
/// Renders docs/api.md from the contract: every RPC with its HTTP routes and every message and enum it
/// reaches, and the error reasons, with the protos' comments. ApiReferenceTests compares the file with this output, so
/// the page cannot drift; it lives with the tests because nothing else renders the page.
/// </summary>
internal static class ApiReferenceWriter
{
    public static string Write(ContractModel contract)
    {
        var md = new StringBuilder();
        md.AppendLine("# TaskService API reference");
        md.AppendLine();
        md.AppendLine("Generated from `protos/taskgateway/v1` (the comments are the protos'). `ApiReference_Docs_MatchTheProtos` fails when");
        md.AppendLine("this page and the protos differ; regenerate with");
        md.AppendLine("`TASKGATEWAY_WRITE_DOCS=1 dotnet test tests/TaskGateway.Tests --filter ApiReference`. REST routes are also");
        md.AppendLine("described as OpenAPI 3 at `/openapi.json` on the REST port.");
        md.AppendLine();
        WriteService(md, contract.Service);
        WriteMessages(md, contract.Messages);
        WriteEnums(md, contract.Enums);
        WriteErrorReasons(md);
        return md.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    // The service's comment, then each RPC: its signature, its comment and its HTTP routes.
    private static void WriteService(StringBuilder md, ServiceDescriptor service)
    {
        md.AppendLine($"## Service `{service.FullName}`");
        md.AppendLine();
        md.AppendLine(ContractModel.Comment(service));
        foreach (var method in service.Methods)
        {
            md.AppendLine();
            md.AppendLine($"### {method.Name}");
            md.AppendLine();
            var stream = method.IsServerStreaming ? "stream " : string.Empty;
            md.AppendLine($"`rpc {method.Name}({method.InputType.Name}) returns ({stream}{method.OutputType.Name})`");
            md.AppendLine();
            md.AppendLine(ContractModel.Comment(method));
            md.AppendLine();
            foreach (var rule in ContractModel.HttpRules(method))
            {
                var body = rule.ResponseBody.Length > 0 ? $" (response body: `{rule.ResponseBody}`)" : string.Empty;
                var (verb, template) = ContractModel.Route(rule);
                md.AppendLine($"- `{verb} {template}`{body}");
            }
        }
    }

    // Each message reached from the service: its comment and a table of its fields.
    private static void WriteMessages(StringBuilder md, IReadOnlyList<MessageDescriptor> messages)
    {
        md.AppendLine();
        md.AppendLine("## Messages");
        foreach (var message in messages)
        {
            md.AppendLine();
            md.AppendLine($"### `{message.FullName}`");
            md.AppendLine();
            if (ContractModel.Comment(message) is { Length: > 0 } comment)
            {
                md.AppendLine(comment);
                md.AppendLine();
            }

            md.AppendLine("| field | JSON | type | description |");
            md.AppendLine("|---|---|---|---|");
            foreach (var field in message.Fields.InDeclarationOrder())
            {
                var oneof = field.RealContainingOneof is { } o ? $" (oneof `{o.Name}`)" : string.Empty;
                md.AppendLine($"| `{field.Name}` = {field.FieldNumber} | `{field.JsonName}` | {TypeOf(field)} | {Cell(ContractModel.Comment(field))}{oneof} |");
            }
        }
    }

    // Each enum reached from the service: its comment and a table of its values with their REST (JSON) names.
    private static void WriteEnums(StringBuilder md, IReadOnlyList<EnumDescriptor> enums)
    {
        md.AppendLine();
        md.AppendLine("## Enums");
        foreach (var e in enums)
        {
            md.AppendLine();
            md.AppendLine($"### `{e.FullName}`");
            md.AppendLine();
            if (ContractModel.Comment(e) is { Length: > 0 } comment)
            {
                md.AppendLine(comment);
                md.AppendLine();
            }

            md.AppendLine("| value | JSON (REST) | description |");
            md.AppendLine("|---|---|---|");
            foreach (var value in e.Values)
            {
                md.AppendLine($"| `{value.Name}` = {value.Number} | `{ContractModel.JsonName(value)}` | {Cell(ContractModel.Comment(value))} |");
            }
        }
    }

    // The values ErrorInfo.reason takes (the enum is not reached from the service's messages: errors travel in
    // google.rpc.Status details), so clients can find them beside the messages they come with.
    private static void WriteErrorReasons(StringBuilder md)
    {
        var reasons = ReflectionExtensions.ContractFilesWithComments().SelectMany(f => f.EnumTypes)
            .Single(e => e.FullName == Contracts.V1.ErrorReasonReflection.Descriptor.EnumTypes.Single().FullName);
        md.AppendLine();
        md.AppendLine("## Error reasons");
        md.AppendLine();
        md.AppendLine($"### `{reasons.FullName}`");
        md.AppendLine();
        if (ContractModel.Comment(reasons) is { Length: > 0 } comment)
        {
            md.AppendLine(comment);
            md.AppendLine();
        }

        md.AppendLine("| `ErrorInfo.reason` | description |");
        md.AppendLine("|---|---|");
        foreach (var value in reasons.Values)
        {
            md.AppendLine($"| `{value.Name}` = {value.Number} | {Cell(ContractModel.Comment(value))} |");
        }
    }

    private static string TypeOf(FieldDescriptor field)
    {
        if (field.IsMap)
        {
            return $"map&lt;{TypeOf(field.MessageType.FindFieldByNumber(1))}, {TypeOf(field.MessageType.FindFieldByNumber(2))}&gt;";
        }

        var type = field.FieldType switch
        {
            FieldType.Message => $"`{field.MessageType.FullName}`",
            FieldType.Enum => $"`{field.EnumType.FullName}`",
            _ => field.FieldType.ToString().ToLowerInvariant(),
        };
        return field.IsRepeated ? "repeated " + type : type;
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
