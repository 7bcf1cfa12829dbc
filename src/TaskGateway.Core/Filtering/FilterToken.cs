namespace TaskGateway.Core.Filtering;

/// <summary>One token of a filter and where it starts (0-based).</summary>
internal readonly record struct FilterToken(FilterTokenKind Kind, string Text, int Position);
