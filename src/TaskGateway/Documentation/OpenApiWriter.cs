using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Google.Api;
using Google.Protobuf.Reflection;

namespace TaskGateway.Documentation;

/// <summary>
/// Derives the OpenAPI 3.0 document of the transcoded REST routes from the contract: one operation per HTTP
/// binding, path parameters from the binding's template, query parameters from the request's other fields,
/// schemas from the messages in their JSON mapping (lowerCamel names, enums without their prefix, 64-bit
/// integers as strings, well-known types as their JSON forms), and descriptions from the protos' comments.
/// </summary>
internal static partial class OpenApiWriter
{
    private const string StatusMessage = "google.rpc.Status";

    public static string Write(ContractModel contract)
    {
        var paths = new JsonObject();
        foreach (var method in contract.Service.Methods)
        {
            var rules = ContractModel.HttpRules(method);
            for (var i = 0; i < rules.Count; i++)
            {
                AddOperation(paths, method, rules[i], i, contract);
            }
        }

        var schemas = new JsonObject();
        foreach (var message in contract.Messages)
        {
            schemas[message.FullName] = MessageSchema(message);
        }

        foreach (var e in contract.Enums)
        {
            schemas[e.FullName] = new JsonObject
            {
                ["type"] = "string",
                ["description"] = Describe(e),
                ["enum"] = new JsonArray([.. e.Values.Select(v => (JsonNode)JsonValue.Create(ContractModel.JsonName(v)))]),
            };
        }

        var document = new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject
            {
                ["title"] = "TaskGateway REST API",
                ["version"] = "v1",
                ["description"] = ContractModel.Comment(contract.Service)
                    + " REST callers use the same contract as gRPC callers, through JSON transcoding: errors are google.rpc.Status objects.",
            },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static void AddOperation(JsonObject paths, MethodDescriptor method, HttpRule rule, int index, ContractModel contract)
    {
        var (upper, template) = ContractModel.Route(rule);
        var verb = upper.ToLowerInvariant();

        var (path, pathParameters, boundField) = ExpandTemplate(template);
        var operation = new JsonObject
        {
            ["operationId"] = index == 0 ? $"TaskService_{method.Name}" : $"TaskService_{method.Name}_{index + 1}",
            ["summary"] = method.Name,
            ["description"] = ContractModel.Comment(method),
            ["tags"] = new JsonArray("TaskService"),
            ["parameters"] = Parameters(method, rule, pathParameters, boundField),
            ["responses"] = Responses(method, rule, contract),
        };

        if (paths[path] is not JsonObject item)
        {
            item = [];
            paths[path] = item;
        }

        item[verb] = operation;
    }

    // The path's wildcards, then (for a rule without a body) every request field not bound to the path, as the query.
    private static JsonArray Parameters(MethodDescriptor method, HttpRule rule, List<(string Name, string Description)> pathParameters, string? boundField)
    {
        var parameters = new JsonArray();
        foreach (var (name, description) in pathParameters)
        {
            parameters.Add(new JsonObject
            {
                ["name"] = name,
                ["in"] = "path",
                ["required"] = true,
                ["description"] = description,
                ["schema"] = new JsonObject { ["type"] = "string" },
            });
        }

        foreach (var field in method.InputType.Fields.InDeclarationOrder().Where(f => f.Name != boundField && rule.Body.Length == 0))
        {
            parameters.Add(new JsonObject
            {
                ["name"] = field.JsonName,
                ["in"] = "query",
                ["required"] = false,
                ["description"] = ContractModel.Comment(field),
                ["schema"] = FieldSchema(field),
            });
        }

        return parameters;
    }

    // 200: the response (or its response_body field), also as SSE for a stream; default: the google.rpc.Status.
    private static JsonObject Responses(MethodDescriptor method, HttpRule rule, ContractModel contract)
    {
        var responseMessage = rule.ResponseBody.Length > 0 ? method.OutputType.FindFieldByName(rule.ResponseBody).MessageType : method.OutputType;
        var content = new JsonObject
        {
            ["application/json"] = new JsonObject { ["schema"] = Ref(responseMessage.FullName) },
        };
        var success = method.IsServerStreaming
            ? "A stream of events: one JSON object per line (application/json), or Server-Sent Events when the request sends Accept: text/event-stream."
            : "OK";
        if (method.IsServerStreaming)
        {
            content["text/event-stream"] = new JsonObject
            {
                ["schema"] = new JsonObject { ["type"] = "string", ["description"] = "SSE frames: id is the resume token, event the event type, data the JSON event." },
            };
        }

        return new JsonObject
        {
            ["200"] = new JsonObject { ["description"] = success, ["content"] = content },
            ["default"] = new JsonObject
            {
                ["description"] = "An error: a google.rpc.Status with an ErrorInfo in details (see the README's error table).",
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = contract.Messages.Any(m => m.FullName == StatusMessage) ? Ref(StatusMessage) : new JsonObject { ["type"] = "object" } } },
            },
        };
    }

    // "/v1/{name=sources/*/accounts/*/tasks/*}:watch" becomes "/v1/sources/{source}/accounts/{account}/tasks/{task}:watch":
    // the bound field is sent as the path itself, one parameter per wildcard, named after the collection before it.
    private static (string Path, List<(string Name, string Description)> Parameters, string? BoundField) ExpandTemplate(string template)
    {
        var parameters = new List<(string, string)>();
        string? bound = null;
        var path = Variable().Replace(template, m =>
        {
            bound = m.Groups["field"].Value;
            var segments = m.Groups["pattern"].Success ? m.Groups["pattern"].Value.Split('/') : ["*"];
            var output = new List<string>();
            for (var i = 0; i < segments.Length; i++)
            {
                if (segments[i] is "*" or "**")
                {
                    var name = i > 0 ? Singular(segments[i - 1]) : bound;
                    parameters.Add((name, $"The {name} id in the resource name's field {bound}."));
                    output.Add("{" + name + "}");
                }
                else
                {
                    output.Add(segments[i]);
                }
            }

            return string.Join('/', output);
        });
        return (path, parameters, bound);
    }

    private static string Singular(string collection) => collection.EndsWith('s') ? collection[..^1] : collection;

    private static JsonObject MessageSchema(MessageDescriptor message)
    {
        var properties = new JsonObject();
        foreach (var field in message.Fields.InDeclarationOrder())
        {
            var schema = FieldSchema(field);
            var description = ContractModel.Comment(field);
            if (field.RealContainingOneof is { } oneof)
            {
                description = $"{description} One of {oneof.Name}: at most one of its fields is set.".Trim();
            }

            if (description.Length > 0)
            {
                schema = schema.ContainsKey("$ref") ? new JsonObject { ["allOf"] = new JsonArray(schema), ["description"] = description } : schema;
                schema["description"] ??= description;
            }

            properties[field.JsonName] = schema;
        }

        return new JsonObject { ["type"] = "object", ["description"] = Describe(message), ["properties"] = properties };
    }

    private static JsonObject FieldSchema(FieldDescriptor field)
    {
        if (field.IsMap)
        {
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = FieldSchema(field.MessageType.FindFieldByNumber(2)) };
        }

        var item = ScalarOrRef(field);
        return field.IsRepeated ? new JsonObject { ["type"] = "array", ["items"] = item } : item;
    }

    private static JsonObject ScalarOrRef(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.String => new JsonObject { ["type"] = "string" },
        FieldType.Bytes => new JsonObject { ["type"] = "string", ["format"] = "byte" },
        FieldType.Bool => new JsonObject { ["type"] = "boolean" },
        FieldType.Double => new JsonObject { ["type"] = "number", ["format"] = "double" },
        FieldType.Float => new JsonObject { ["type"] = "number", ["format"] = "float" },
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => new JsonObject { ["type"] = "integer", ["format"] = "int32" },
        FieldType.UInt32 or FieldType.Fixed32 => new JsonObject { ["type"] = "integer", ["format"] = "int64", ["minimum"] = 0 },
        // proto3 JSON writes 64-bit integers as strings, so that JavaScript callers do not lose precision.
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 or FieldType.UInt64 or FieldType.Fixed64 => new JsonObject { ["type"] = "string", ["format"] = "int64" },
        FieldType.Enum => Ref(field.EnumType.FullName),
        FieldType.Message => WellKnown(field.MessageType.FullName) ?? Ref(field.MessageType.FullName),
        _ => throw new InvalidOperationException($"{field.FullName}: unsupported field type {field.FieldType}."),
    };

    private static JsonObject? WellKnown(string fullName) => fullName switch
    {
        "google.protobuf.Timestamp" => new JsonObject { ["type"] = "string", ["format"] = "date-time" },
        "google.protobuf.Duration" => new JsonObject { ["type"] = "string", ["description"] = "Seconds with an s suffix, e.g. 1.5s." },
        "google.protobuf.Struct" => new JsonObject { ["type"] = "object", ["additionalProperties"] = true },
        "google.protobuf.Value" => new JsonObject { ["description"] = "Any JSON value." },
        "google.protobuf.ListValue" => new JsonObject { ["type"] = "array", ["items"] = new JsonObject() },
        "google.protobuf.Any" => new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject { ["@type"] = new JsonObject { ["type"] = "string" } },
            ["additionalProperties"] = true,
        },
        _ => null,
    };

    private static JsonObject Ref(string fullName) => new() { ["$ref"] = "#/components/schemas/" + fullName };

    private static string Describe(IDescriptor descriptor) => ContractModel.Comment(descriptor) is { Length: > 0 } text ? text : descriptor.FullName;

    [GeneratedRegex(@"\{(?<field>[a-z_.]+)(=(?<pattern>[^}]+))?\}")]
    private static partial Regex Variable();
}
