using System.Text.Json;
using TaskGateway.Documentation;

namespace TaskGateway.Tests.Documentation;

public class ApiReferenceTests
{
    [Fact]
    public void ApiReference_Docs_MatchTheProtos()
    {
        var path = RepositoryFiles.PathOf("docs", "api.md");
        var rendered = ApiReferenceWriter.Write(ContractModel.Load());
        if (Environment.GetEnvironmentVariable("TASKGATEWAY_WRITE_DOCS") == "1"
            && (!File.Exists(path) || File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal) != rendered))
        {
            // A run that rewrites its own expectation must not pass: the new text has to be reviewed and committed.
            File.WriteAllText(path, rendered);
            Assert.Fail("docs/api.md did not match the protos and was rewritten; review the diff, commit it and run again without TASKGATEWAY_WRITE_DOCS.");
        }

        Assert.True(File.Exists(path), "docs/api.md is missing; regenerate it with TASKGATEWAY_WRITE_DOCS=1");
        Assert.Equal(rendered, File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void ApiReference_EveryRpcMessageAndEnum_Described()
    {
        var contract = ContractModel.Load();
        var text = ApiReferenceWriter.Write(contract);
        Assert.All(contract.Service.Methods, m => Assert.Contains($"### {m.Name}", text, StringComparison.Ordinal));
        Assert.All(contract.Messages, m => Assert.Contains($"### `{m.FullName}`", text, StringComparison.Ordinal));
        Assert.All(contract.Enums, e => Assert.Contains($"### `{e.FullName}`", text, StringComparison.Ordinal));
        Assert.Contains(contract.Messages, m => m.FullName == "taskgateway.v1.CloudTask");
        Assert.Equal(39, TaskGateway.Contracts.V1.ErrorReasonReflection.Descriptor.EnumTypes.Single().Values.Count);
        Assert.All(TaskGateway.Contracts.V1.ErrorReasonReflection.Descriptor.EnumTypes.Single().Values, v => Assert.Contains($"| `{v.Name}` = {v.Number} | ", text, StringComparison.Ordinal));
    }

    [Fact]
    public void OpenApi_EveryHttpBinding_HasOneOperationWithItsPathParameters()
    {
        var contract = ContractModel.Load();
        using var document = JsonDocument.Parse(OpenApiWriter.Write(contract));
        var paths = document.RootElement.GetProperty("paths");
        var operations = paths.EnumerateObject().SelectMany(p => p.Value.EnumerateObject().Select(o => (Path: p.Name, Operation: o.Value))).ToList();

        Assert.Equal(contract.Service.Methods.Sum(m => ContractModel.HttpRules(m).Count), operations.Count);
        Assert.Equal(operations.Count, operations.Select(o => o.Operation.GetProperty("operationId").GetString()).Distinct().Count());
        var astraGet = paths.GetProperty("/v1/sources/{source}/accounts/{account}/tasks/{task}").GetProperty("get");
        Assert.Equal(["source", "account", "task"], astraGet.GetProperty("parameters").EnumerateArray().Where(p => p.GetProperty("in").GetString() == "path").Select(p => p.GetProperty("name").GetString()));
        Assert.Equal("#/components/schemas/taskgateway.v1.CloudTask", astraGet.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        var list = paths.GetProperty("/v1/sources/{source}/accounts/{account}/tasks").GetProperty("get");
        Assert.Contains(list.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "pageSize" && p.GetProperty("in").GetString() == "query");
        var states = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("taskgateway.v1.CloudTask.State").GetProperty("enum");
        Assert.Contains(states.EnumerateArray(), v => v.GetString() == "RUNNING");
    }
}
