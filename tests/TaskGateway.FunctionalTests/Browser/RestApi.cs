using System.Text.Json;

namespace TaskGateway.FunctionalTests.Browser;

/// <summary>What the REST API itself answers, to compare the console's page with.</summary>
internal static class RestApi
{
    /// <summary>ListTasks over REST with a filter, every page: the names of the matching tasks.</summary>
    public static async Task<List<string>> ListNamesAsync(HttpClient rest, string parent, string filter)
    {
        var names = new List<string>();
        var token = string.Empty;
        do
        {
            var url = $"/v1/{parent}?filter={Uri.EscapeDataString(filter)}&pageSize=100" + (token.Length > 0 ? "&pageToken=" + Uri.EscapeDataString(token) : string.Empty);
            using var body = JsonDocument.Parse(await rest.GetStringAsync(new Uri(url, UriKind.Relative)));
            if (body.RootElement.TryGetProperty("tasks", out var tasks))
            {
                names.AddRange(tasks.EnumerateArray().Select(t => t.GetProperty("name").GetString()!));
            }

            token = body.RootElement.TryGetProperty("nextPageToken", out var next) ? next.GetString() ?? string.Empty : string.Empty;
        }
        while (token.Length > 0);
        return names;
    }

    /// <summary>The ErrorInfo reason of the error a REST GET answers.</summary>
    public static async Task<string> ErrorReasonAsync(HttpClient rest, string pathAndQuery)
    {
        using var response = await rest.GetAsync(new Uri(pathAndQuery, UriKind.Relative));
        Assert.False(response.IsSuccessStatusCode, $"{pathAndQuery} answered {(int)response.StatusCode}");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("details").EnumerateArray()
            .First(d => d.GetProperty("@type").GetString()!.EndsWith("google.rpc.ErrorInfo", StringComparison.Ordinal))
            .GetProperty("reason").GetString()!;
    }
}
