using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Filtering;
using TaskGateway.Core.Paging;

namespace TaskGateway.Tests.Properties;

/// <summary>Ten thousand generated page tokens and filters: refused cleanly, never an unexpected exception.</summary>
public class TokenAndFilterPropertyTests
{
    private readonly PageTokenCodec _codec = new(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void TryDecode_GeneratedTokens_AllRefused() =>
        Prop.ForAll(HostileInput.Tokens, token => !_codec.TryDecode(token, "parent\n", out _)).Check(HostileInput.Config);

    [Fact]
    public void TryDecode_MutatedValidTokens_AllRefused()
    {
        var valid = _codec.Encode("parent\n", new PageCursor(30, "marker"));
        Prop.ForAll(FsCheck.Fluent.Gen.Choose(0, valid.Length - 1).Zip(FsCheck.Fluent.Gen.Elements("A", "B", "-", "_", "0", "=", "", "AA")).ToArbitrary(), change =>
        {
            var (position, text) = change;
            var mutated = valid[..position] + text + valid[(position + 1)..];
            return mutated == valid || !_codec.TryDecode(mutated, "parent\n", out _);
        }).Check(HostileInput.Config);
    }

    [Fact]
    public void Parse_GeneratedFilters_ParsedOrRefusedOnFilterField()
    {
        var parsed = 0;
        Prop.ForAll(HostileInput.Filters, text =>
        {
            try
            {
                var filter = TaskFilter.Parse(text);
                filter.Matches(new TaskGateway.Contracts.V1.CloudTask());
                parsed++;
                return true;
            }
            catch (RequestValidationException e)
            {
                return e.Violations.All(v => v.Field == "filter" && v.Description.Length > 0);
            }
        }).Check(HostileInput.Config);

        Assert.True(parsed > 0, "no generated filter was valid");
    }
}
