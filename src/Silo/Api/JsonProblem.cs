using System.Text.Json;
using System.Text.RegularExpressions;
using StyleFarm.Grains.Jobs;

namespace StyleFarm.Silo.Api;

/// <summary>
/// A request body's JSON error in the user's words: which field and what it takes, instead of System.Text.Json's .NET
/// type names (<c>System.Nullable`1[System.Int32]</c>); never more than an excerpt of what was sent.
/// </summary>
public static partial class JsonProblem
{
    /// <summary>One line saying what is wrong with the body <paramref name="e"/> was thrown for.</summary>
    public static string Describe(JsonException e)
    {
        var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "the body" : e.Path.StartsWith("$.", StringComparison.Ordinal) ? $"field '{JobLimits.Excerpt(e.Path[2..])}'" : $"'{JobLimits.Excerpt(e.Path)}'";
        if (UnknownField().Match(e.Message) is { Success: true } unknown)
            return $"unknown field '{JobLimits.Excerpt(unknown.Groups[1].Value)}' could not be mapped to a job spec field: check its spelling (fields are camelCase, e.g. styleImages)";
        if (Converted().Match(e.Message) is { Success: true } converted)
            return $"{field} must be {Kind(converted.Groups[1].Value)}";
        var where = e.LineNumber is { } line ? $" at line {line + 1}, position {(e.BytePositionInLine ?? 0) + 1}" : "";
        return $"malformed JSON{where}: send one JSON object";
    }

    // The .NET type in a conversion error, as a user would name the value.
    private static string Kind(string type) => type switch
    {
        _ when type.Contains("Dictionary", StringComparison.Ordinal) => "an object whose values are strings, e.g. {\"iterations\": \"50\"}",
        _ when type.Contains("List", StringComparison.Ordinal) && type.Contains("Int32", StringComparison.Ordinal) => "a list of whole numbers, e.g. [1, 10]",
        _ when type.Contains("List", StringComparison.Ordinal) => "a list of strings",
        _ when type.Contains("Int32", StringComparison.Ordinal) => $"a whole number from {int.MinValue} to {int.MaxValue}",
        _ when type.Contains("Boolean", StringComparison.Ordinal) => "true or false",
        _ when type.Contains("String", StringComparison.Ordinal) => "a string",
        _ => "a JSON object",
    };

    [GeneratedRegex(@"The JSON property '(.*?)' could not be mapped", RegexOptions.Singleline)]
    private static partial Regex UnknownField();

    [GeneratedRegex(@"could not be converted to ([^\s]+?)\.? Path", RegexOptions.Singleline)]
    private static partial Regex Converted();
}
