using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Filtering;

namespace TaskGateway.Tests.Filtering;

/// <summary>Kills the mutants Stryker left alive in DetailsFields (docs/quality-triage.md).</summary>
public class DetailsFieldsMutantTests
{
    [Fact]
    public void Of_NoDetailsMessage_NoFields() => Assert.Empty(DetailsFields.Of(null));

    [Fact]
    public void Has_NoDetailsMessageOrNoPrefix_False()
    {
        Assert.False(DetailsFields.Has(null, "details.state"));
        Assert.False(DetailsFields.Has(AstraTaskDetails.Descriptor, "status_message"));
        Assert.True(DetailsFields.Has(AstraTaskDetails.Descriptor, "details.state"));
    }

    [Fact]
    public void Of_RepeatedScalarField_NotAFilterField()
    {
        // Astra's resource_collection_uri is a repeated string: not a scalar, so not filterable.
        Assert.DoesNotContain("details.resource_collection_uri", DetailsFields.Of(AstraTaskDetails.Descriptor));
        Assert.Contains("details.resource_uri", DetailsFields.Of(AstraTaskDetails.Descriptor));
        Assert.False(DetailsFields.Has(AstraTaskDetails.Descriptor, "details.resource_collection_uri"));
        var e = Assert.Throws<RequestValidationException>(() => TaskFilter.Parse("details.resource_collection_uri = x"));
        Assert.StartsWith("names an unknown details field 'resource_collection_uri'", Assert.Single(e.Violations).Description);
    }
}
