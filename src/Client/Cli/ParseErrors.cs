using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;

namespace StyleFarm.Client.Cli;

/// <summary>
/// A command line System.CommandLine could not parse, told as one `stylefarm: error:` line in the user's words
/// (no .NET type names such as <c>System.Nullable`1[System.Int32]</c>, no whole help text), exit code 1.
/// </summary>
public static partial class ParseErrors
{
    /// <summary>Prints the first error of <paramref name="parse"/> and returns <see cref="CommandErrors.Failed"/>.</summary>
    public static int Report(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var name = command.Parents.Any() ? $"stylefarm {command.Name}" : "stylefarm";
        Console.Error.WriteLine($"stylefarm: error: {Describe(parse.Errors[0].Message)} (`{name} --help` lists the options)");
        return CommandErrors.Failed;
    }

    /// <summary><paramref name="message"/> with .NET type names replaced by what the value must be.</summary>
    public static string Describe(string message)
    {
        var match = CannotParse().Match(message);
        if (!match.Success) return message.TrimEnd('.');
        return $"{match.Groups[2].Value} '{match.Groups[1].Value}' is not {Kind(match.Groups[3].Value)}";
    }

    private static string Kind(string type) => type switch
    {
        _ when type.Contains("Int32", StringComparison.Ordinal) || type.Contains("Int64", StringComparison.Ordinal) => "a whole number",
        _ when type.Contains("Double", StringComparison.Ordinal) => "a number",
        _ when type.Contains("Boolean", StringComparison.Ordinal) => "true or false",
        _ => "a valid value",
    };

    [GeneratedRegex(@"Cannot parse argument '(.*)' for option '(.*?)' as expected type '(.*?)'", RegexOptions.Singleline)]
    private static partial Regex CannotParse();
}
