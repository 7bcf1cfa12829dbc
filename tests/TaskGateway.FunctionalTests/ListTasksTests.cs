using System.Net;
using System.Text.Json;
using Google.Rpc;
using Grpc.Core;
using TaskGateway.Contracts.V1;
using static TaskGateway.Contracts.V1.CloudTask.Types;
using StatusCode = Grpc.Core.StatusCode;

namespace TaskGateway.FunctionalTests;

[Collection("gateway")]
public class ListTasksTests(GatewayFixture fixture)
{
    private readonly GatewayInstance _gateway = fixture.Gateway;

    public static TheoryData<string, int, int> Collections => new()
    {
        // parent, page size, tasks the sandbox seeds there
        { Names.IotdaParent, 7, 25 },
        { Names.DmsParent, 7, 30 },
        { Names.ExportsParent, 5, 12 },
        { Names.AstraParent, 4, 15 },
    };

    [Theory]
    [MemberData(nameof(Collections))]
    public async Task ListTasks_SeveralPages_EveryTaskOnceAndTokenEmptyOnlyAtEnd(string parent, int pageSize, int expected)
    {
        var names = new List<string>();
        var token = string.Empty;
        var pages = 0;
        do
        {
            var page = await _gateway.Client.ListTasksAsync(new ListTasksRequest { Parent = parent, PageSize = pageSize, PageToken = token });
            Assert.True(page.Tasks.Count <= pageSize);
            names.AddRange(page.Tasks.Select(t => t.Name));
            token = page.NextPageToken;
            pages++;
        }
        while (token.Length > 0 && pages < 50);

        Assert.Equal(expected, names.Count);
        Assert.Equal(expected, names.Distinct().Count());
        Assert.True(pages >= expected / pageSize, $"{pages} pages");
        Assert.All(names, n => Assert.StartsWith(parent + "/", n, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListTasks_EveryListedName_WorksInGetTask()
    {
        foreach (var parent in new[] { Names.IotdaParent, Names.DmsParent, Names.ExportsParent, Names.AstraParent })
        {
            var page = await _gateway.Client.ListTasksAsync(new ListTasksRequest { Parent = parent, PageSize = 3 });
            Assert.Equal(3, page.Tasks.Count);
            foreach (var listed in page.Tasks)
            {
                var got = (await _gateway.Client.GetTaskAsync(new GetTaskRequest { Name = listed.Name })).Task;
                Assert.Equal(listed.Name, got.Name);
            }
        }
    }

    [Fact]
    public async Task ListTasks_PageSizeChangedBetweenPages_Honoured()
    {
        var first = await _gateway.Client.ListTasksAsync(new ListTasksRequest { Parent = Names.DmsParent, PageSize = 3 });
        var second = await _gateway.Client.ListTasksAsync(new ListTasksRequest { Parent = Names.DmsParent, PageSize = 10, PageToken = first.NextPageToken });

        Assert.Equal(3, first.Tasks.Count);
        Assert.Equal(10, second.Tasks.Count);
        Assert.Empty(first.Tasks.Select(t => t.Name).Intersect(second.Tasks.Select(t => t.Name)));
    }

    [Fact]
    public async Task ListTasks_PageSizeAboveMaximum_CoercedToBackendMaximum()
    {
        var page = await _gateway.Client.ListTasksAsync(new ListTasksRequest { Parent = Names.ExportsParent, PageSize = 5000 });

        Assert.Equal(12, page.Tasks.Count);
        Assert.Contains("limit=50", _gateway.Sandbox.Requests.Targets.Last(t => t.Contains("/export-tasks", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListTasks_PageSizeZero_UsesSourceDefault()
    {
        var page = await _gateway.Client.ListTasksAsync(new ListTasksRequest { Parent = Names.DmsParent });

        Assert.Equal(10, page.Tasks.Count);
        Assert.NotEmpty(page.NextPageToken);
    }

    [Fact]
    public async Task ListTasks_StateFilter_OnlyMatchingTasks()
    {
        var all = new List<CloudTask>();
        var token = string.Empty;
        do
        {
            var page = await _gateway.Client.ListTasksAsync(new ListTasksRequest { Parent = Names.DmsParent, PageSize = 100, Filter = "state = FAILED OR state = CANCELLED", PageToken = token });
            all.AddRange(page.Tasks);
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        // The sandbox seeds 29 finished DMS tasks cycling SUCCESS, SUCCESS, FAILED, CANCELLED, DELETED, SUCCESS:
        // five FAILED and five CANCELLED, and nothing else may pass the filter.
        Assert.Equal(5, all.Count(t => t.State == State.Failed));
        Assert.Equal(5, all.Count(t => t.State == State.Cancelled));
        Assert.Equal(10, all.Count);
    }

    [Fact]
    public async Task ListTasks_CreateTimeRangeOnDms_PushedDownWidenedForAnyTimeZoneAndFilteredExactly()
    {
        var now = DateTimeOffset.UtcNow;
        var from = new DateTimeOffset(now.AddDays(-10.5).UtcTicks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var to = new DateTimeOffset(now.AddDays(-4.5).UtcTicks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var filter = $"create_time >= \"{from:yyyy-MM-ddTHH:mm:ssZ}\" AND create_time <= \"{to:yyyy-MM-ddTHH:mm:ssZ}\"";

        var page = await _gateway.Client.ListTasksAsync(new ListTasksRequest { Parent = Names.DmsParent, PageSize = 100, Filter = filter });

        // Seeded jobs are created 1, 2, ... days ago: days 5 to 10 fall in the range.
        Assert.Equal(6, page.Tasks.Count);
        var sent = _gateway.Sandbox.Requests.Targets.Last(t => t.Contains("/scheduled-tasks", StringComparison.Ordinal));
        // The page names no time zone: the range sent is 14 h wider on each side (UTC-12 to UTC+14), the exact one
        // applied by the gateway (the count above).
        Assert.Contains($"begin_time={from.AddHours(-14):yyyyMMddHHmmss}", sent, StringComparison.Ordinal);
        Assert.Contains($"end_time={to.AddHours(14):yyyyMMddHHmmss}", sent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Names.DmsParent)]
    [InlineData(Names.ExportsParent)]
    [InlineData(Names.AstraParent)]
    public async Task ListTasks_BackendReportsTotalNoFilter_TotalSizeIsTheWholeCollection(string parent)
    {
        var seen = 0;
        var token = string.Empty;
        var totals = new HashSet<int>();
        do
        {
            var page = await _gateway.Client.ListTasksAsync(new ListTasksRequest { Parent = parent, PageSize = 5, PageToken = token });
            seen += page.Tasks.Count;
            totals.Add(page.TotalSize);
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal(seen, Assert.Single(totals));
    }

    [Fact]
    public async Task ListTasks_FilteredOrNoTotalReported_TotalSizeZero()
    {
        var filtered = await _gateway.Client.ListTasksAsync(new ListTasksRequest { Parent = Names.DmsParent, PageSize = 5, Filter = "state = FAILED" });
        Assert.Equal(0, filtered.TotalSize);

        // IoTDA instance tasks: the gateway does not take the backend's page.count for a total.
        var iotda = await _gateway.Client.ListTasksAsync(new ListTasksRequest { Parent = Names.IotdaParent, PageSize = 5 });
        Assert.Equal(0, iotda.TotalSize);
    }

    [Fact]
    public async Task ListTasks_TamperedToken_InvalidArgumentOnPageToken()
    {
        var first = await _gateway.Client.ListTasksAsync(new ListTasksRequest { Parent = Names.DmsParent, PageSize = 3 });
        var tampered = (first.NextPageToken[0] == 'A' ? "B" : "A") + first.NextPageToken[1..];

        var e = await Assert.ThrowsAsync<RpcException>(() => _gateway.Client.ListTasksAsync(new ListTasksRequest { Parent = Names.DmsParent, PageSize = 3, PageToken = tampered }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal("page_token", e.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Single().Field);
    }

    [Theory]
    [InlineData(Names.AstraParent, "")]
    [InlineData(Names.DmsParent, "state = RUNNING")]
    public async Task ListTasks_TokenReusedWithOtherParentOrFilter_InvalidArgument(string parent, string filter)
    {
        var first = await _gateway.Client.ListTasksAsync(new ListTasksRequest { Parent = Names.DmsParent, PageSize = 3 });

        var e = await Assert.ThrowsAsync<RpcException>(() => _gateway.Client.ListTasksAsync(new ListTasksRequest { Parent = parent, Filter = filter, PageToken = first.NextPageToken }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
    }

    [Fact]
    public async Task ListTasks_Rest_PagesWithQueryParameters()
    {
        using var first = JsonDocument.Parse(await _gateway.Rest.GetStringAsync($"/v1/{Names.AstraParent}/tasks?pageSize=10"));
        var token = first.RootElement.GetProperty("nextPageToken").GetString()!;
        using var second = JsonDocument.Parse(await _gateway.Rest.GetStringAsync($"/v1/{Names.AstraParent}/tasks?pageSize=10&pageToken={Uri.EscapeDataString(token)}"));

        Assert.Equal(10, first.RootElement.GetProperty("tasks").GetArrayLength());
        Assert.Equal(5, second.RootElement.GetProperty("tasks").GetArrayLength());
        Assert.Equal(string.Empty, second.RootElement.GetProperty("nextPageToken").GetString());
    }

    [Fact]
    public async Task ListTasks_RestFilter_AppliedFromQuery()
    {
        using var response = await _gateway.Rest.GetAsync($"/v1/{Names.AstraParent}/tasks?pageSize=100&filter={Uri.EscapeDataString("state = FAILED")}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var tasks = json.RootElement.GetProperty("tasks").EnumerateArray().ToList();
        Assert.Single(tasks);
        Assert.Equal("FAILED", tasks[0].GetProperty("state").GetString());
    }
}
