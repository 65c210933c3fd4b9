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
        if (UnknownField().Match(e.Message) is { Success: true } unknown)
            return $"unknown field '{JobLimits.Excerpt(unknown.Groups[1].Value)}' could not be mapped to a job spec field: check its spelling (fields are camelCase, e.g. styleImages)";
        var path = e.Path is { Length: > 2 } p && p.StartsWith("$.", StringComparison.Ordinal) ? p[2..] : null;
        if (path is not null && e.Message.Contains("could not be converted", StringComparison.Ordinal))
            return $"field '{JobLimits.Excerpt(path)}' must be {Kind(path)}";
        var where = e.LineNumber is { } line ? $" at line {line + 1}, position {(e.BytePositionInLine ?? 0) + 1}" : "";
        return $"malformed JSON{where}: send one JSON object";
    }

    // What a field of SubmitJobRequest takes (an element's path, e.g. styleImages[0], names its list).
    private static string Kind(string path)
    {
        var field = path.Split('.', '[')[0];
        var element = path.Length > field.Length;
        return field switch
        {
            "firstFrame" or "endFrame" or "segmentLength" or "halo" or "passes" => $"a whole number from 0 to {int.MaxValue}",
            "longTermOffsets" => element ? "a whole number" : "a list of whole numbers, e.g. [1, 10]",
            "requireGpu" => "true or false",
            "styleImages" => element ? "a string" : "a list of strings",
            "parameters" => element ? "a string (write numbers in quotes, e.g. \"50\")" : "an object whose values are strings, e.g. {\"iterations\": \"50\"}",
            _ => "a string",
        };
    }

    [GeneratedRegex(@"The JSON property '(.*?)' could not be mapped", RegexOptions.Singleline)]
    private static partial Regex UnknownField();
}
