using System.Text.RegularExpressions;

namespace StyleFarm.Client.Tests;

/// <summary>
/// The command lines of README.md's "A local farm" example, read from the README itself so that the test runs what
/// the README shows. A line is one of: <c>./stylefarm …</c>, <c>NAME=$(./stylefarm …)</c>, <c>export NAME=VALUE …</c>
/// or <c>mkdir -p out &amp;&amp; ffmpeg …</c>; a <c>\</c> at the end of a line continues it, and <c># …</c> is a comment.
/// </summary>
public static partial class ReadmeFarmExample
{
    /// <summary>The heading of the README's section.</summary>
    public const string Heading = "## A local farm";

    /// <summary>One line of the example.</summary>
    /// <param name="Line">The line as the README writes it (continuations joined, comment removed).</param>
    public abstract record Step(string Line);

    /// <summary><c>./stylefarm ARGS</c>, or <c>NAME=$(./stylefarm ARGS)</c> when <paramref name="AssignsTo"/> is set.</summary>
    public sealed record StyleFarmStep(string Line, IReadOnlyList<string> Args, string? AssignsTo) : Step(Line)
    {
        /// <summary>The command's name: its first word, and the second for `cluster`'s subcommands.</summary>
        public string Name => Args[0] == "cluster" && Args.Count > 1 ? $"cluster {Args[1]}" : Args[0];
    }

    /// <summary><c>export NAME=VALUE …</c>.</summary>
    public sealed record ExportStep(string Line, IReadOnlyDictionary<string, string> Variables) : Step(Line);

    /// <summary><c>mkdir -p out &amp;&amp; ffmpeg ARGS</c>.</summary>
    public sealed record FfmpegStep(string Line, IReadOnlyList<string> Args) : Step(Line);

    /// <summary>The example's steps, in order, from the README.md at the root of this checkout.</summary>
    /// <exception cref="InvalidDataException">The section, its code block, or a line of a form the test cannot run is missing.</exception>
    public static IReadOnlyList<Step> Read() => Parse(File.ReadAllText(ReadmePath()));

    /// <summary>The steps of the example in <paramref name="readme"/>.</summary>
    /// <inheritdoc cref="Read" path="/exception"/>
    public static IReadOnlyList<Step> Parse(string readme)
    {
        var section = readme.IndexOf("\n" + Heading + "\n", StringComparison.Ordinal);
        if (section < 0) throw new InvalidDataException($"README.md has no '{Heading}' section");
        var open = readme.IndexOf("```\n", section, StringComparison.Ordinal);
        var close = open < 0 ? -1 : readme.IndexOf("\n```", open + 3, StringComparison.Ordinal);
        if (close < 0) throw new InvalidDataException($"README.md's '{Heading}' section has no code block");
        var steps = new List<Step>();
        var pending = "";
        foreach (var raw in readme[(open + 4)..close].Split('\n'))
        {
            var line = pending + raw.Trim();
            if (line.EndsWith('\\'))
            {
                pending = line[..^1].TrimEnd() + " ";
                continue;
            }
            pending = "";
            line = Comment().Replace(line, "").Trim();
            if (line.Length > 0) steps.Add(StepOf(line));
        }
        return steps;
    }

    private static Step StepOf(string line)
    {
        if (line.StartsWith("./stylefarm ", StringComparison.Ordinal)) return new StyleFarmStep(line, Words(line["./stylefarm ".Length..]), null);
        if (Assignment().Match(line) is { Success: true } assigned)
            return new StyleFarmStep(line, Words(assigned.Groups["args"].Value), assigned.Groups["name"].Value);
        if (line.StartsWith("export ", StringComparison.Ordinal))
            return new ExportStep(line, Words(line["export ".Length..]).Select(w => w.Split('=', 2)).ToDictionary(p => p[0], p => p.Length == 2 ? p[1] : ""));
        const string ffmpeg = "mkdir -p out && ffmpeg ";
        if (line.StartsWith(ffmpeg, StringComparison.Ordinal)) return new FfmpegStep(line, Words(line[ffmpeg.Length..]));
        throw new InvalidDataException(
            $"README.md's farm example has a line the test cannot run: '{line}'. Write ./stylefarm …, NAME=$(./stylefarm …), export …, or mkdir -p out && ffmpeg …");
    }

    // No quoting in the example: words are split at spaces outside $( … ), and a quote is refused rather than misread.
    private static string[] Words(string text)
    {
        if (text.IndexOfAny(['"', '\'']) >= 0) throw new InvalidDataException($"README.md's farm example quotes a word in '{text}': the test splits at spaces only");
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        var depth = 0;
        foreach (var c in text)
        {
            if (c == ' ' && depth == 0)
            {
                if (word.Length > 0) words.Add(word.ToString());
                word.Clear();
                continue;
            }
            depth += c switch { '(' => 1, ')' => -1, _ => 0 };
            word.Append(c);
        }
        if (word.Length > 0) words.Add(word.ToString());
        return [.. words];
    }

    private static string ReadmePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "README.md")) && File.Exists(Path.Combine(dir.FullName, "Cluster.sln")))
                return Path.Combine(dir.FullName, "README.md");
        throw new InvalidDataException($"no README.md beside Cluster.sln above {AppContext.BaseDirectory}");
    }

    // A comment starts at a # after a space.
    [GeneratedRegex(@"\s#.*$")]
    private static partial Regex Comment();

    [GeneratedRegex(@"^(?<name>[A-Z_]+)=\$\(\./stylefarm (?<args>[^()]*)\)$")]
    private static partial Regex Assignment();
}
