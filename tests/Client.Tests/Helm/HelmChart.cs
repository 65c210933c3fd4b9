using System.Text.RegularExpressions;

namespace StyleFarm.Client.Tests.Helm;

/// <summary>
/// The chart under helm/stylefarm as its tests read it: values.yaml, the templates (each *.yaml, _helpers.tpl and
/// NOTES.txt), the <c>.Values</c> paths their actions read, the named templates _helpers.tpl defines, and the
/// `stylefarm silo` flags the templates pass.
/// </summary>
public sealed partial class HelmChart
{
    /// <summary>The file of named templates; checked as YAML one define at a time.</summary>
    public const string Helpers = "_helpers.tpl";

    /// <summary>The text Helm prints after an install; read for its values only.</summary>
    public const string Notes = "NOTES.txt";

    private HelmChart(string folder, ChartValues values, IReadOnlyDictionary<string, string> templates)
    {
        Folder = folder;
        Values = values;
        Templates = templates;
    }

    /// <summary>The chart's folder.</summary>
    public string Folder { get; }

    /// <summary>values.yaml.</summary>
    public ChartValues Values { get; }

    /// <summary>Every file under templates/, by name.</summary>
    public IReadOnlyDictionary<string, string> Templates { get; }

    /// <summary>The chart in the checkout the tests run from.</summary>
    public static HelmChart InCheckout() => Load(Path.Combine(CheckoutRoot(), "helm", "stylefarm"));

    /// <summary>The chart in <paramref name="folder"/>.</summary>
    public static HelmChart Load(string folder)
    {
        var templates = Directory.EnumerateFiles(Path.Combine(folder, "templates"))
            .ToDictionary(file => Path.GetFileName(file), File.ReadAllText, StringComparer.Ordinal);
        return new HelmChart(folder, ChartValues.Parse(File.ReadAllText(Path.Combine(folder, "values.yaml"))), templates);
    }

    /// <summary>Every <c>.Values.a.b</c> (also <c>$.Values.a.b</c>) read inside an action, with its template and line.</summary>
    public IEnumerable<ValueReference> References() =>
        from template in Templates
        from action in Actions(template.Key, template.Value)
        from match in ValuesPath().Matches(action.Body)
        select new ValueReference(template.Key, action.Line, match.Groups[1].Value, action.Body);

    /// <summary>Every action of every template whose scope makes <c>.x</c> mean a value (<c>with .Values…</c>), which paths cannot resolve.</summary>
    public IEnumerable<ValueReference> ScopedValueReads() =>
        from template in Templates
        from action in Actions(template.Key, template.Value)
        where action.Body.StartsWith("with ", StringComparison.Ordinal) && action.Body.Contains(".Values", StringComparison.Ordinal)
        select new ValueReference(template.Key, action.Line, ValuesPath().Match(action.Body).Groups[1].Value, action.Body);

    /// <summary>The body of each define in _helpers.tpl (its lines between the define and its end), by name, with its first line.</summary>
    /// <exception cref="FormatException">A define or its end shares its line with other text, or a block is left open.</exception>
    public IReadOnlyDictionary<string, (int Line, string Body)> Defines()
    {
        var lines = Templates[Helpers].Split('\n');
        var defines = new Dictionary<string, (int, string)>();
        string? name = null;
        var start = 0;
        var depth = 0;
        foreach (var action in Actions(Helpers, Templates[Helpers]))
        {
            if (action.Defines is { } defined && depth == 0)
            {
                name = defined;
                start = action.Line;
                OwnLine(lines, action);
            }
            if (action.Opens) depth++;
            else if (action.Closes && --depth == 0 && name is not null)
            {
                OwnLine(lines, action);
                defines[name] = (start + 1, string.Join('\n', lines[start..(action.Line - 1)]));
                name = null;
            }
        }
        if (depth != 0) throw new FormatException($"{Helpers}: a block is left open (ifs, ranges and defines need as many ends)");
        return defines;
    }

    /// <summary>Every `stylefarm silo` flag the templates pass: a sequence item <c>- --flag</c>, with its template and line.</summary>
    public IEnumerable<(string Template, int Line, string Flag)> SiloFlags() =>
        from template in Templates
        let lines = template.Value.Split('\n')
        from index in Enumerable.Range(0, lines.Length)
        let match = FlagItem().Match(lines[index])
        where match.Success
        select (template.Key, index + 1, match.Groups[1].Value);

    /// <summary>The nearest folder above the test binaries that holds Cluster.sln.</summary>
    public static string CheckoutRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Cluster.sln"))) return folder.FullName;
        throw new InvalidOperationException($"no Cluster.sln above {AppContext.BaseDirectory}; run the tests from a StyleFarm checkout");
    }

    private static IEnumerable<TemplateAction> Actions(string template, string text)
    {
        // Comments may hold braces and span lines: blank them first, keeping line numbers.
        var lines = CommentBlock().Replace(text, m => new string('\n', m.Value.Count(c => c == '\n'))).Split('\n');
        return lines.SelectMany((line, i) => TemplateAction.In(line, i + 1, template));
    }

    private static void OwnLine(string[] lines, TemplateAction action)
    {
        var line = lines[action.Line - 1];
        if ((line[..action.Start] + line[action.End..]).Trim().Length != 0)
            throw new FormatException($"{Helpers}:{action.Line}: put '{{{{ {action.Body} }}}}' on a line of its own");
    }

    [GeneratedRegex(@"\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)")]
    private static partial Regex ValuesPath();

    [GeneratedRegex(@"^\s*-\s+""?(--[a-z][a-z0-9-]*)""?\s*$")]
    private static partial Regex FlagItem();

    [GeneratedRegex(@"\{\{-?\s*/\*.*?\*/\s*-?\}\}", RegexOptions.Singleline)]
    private static partial Regex CommentBlock();
}

/// <summary>A template's read of a value: where, the dotted path after <c>.Values.</c>, and the action it is in.</summary>
public sealed record ValueReference(string Template, int Line, string Path, string Action)
{
    /// <summary>The path without its leading dot.</summary>
    public string Key => Path.TrimStart('.');

    /// <inheritdoc />
    public override string ToString() => $"{Template}:{Line}: .Values{Path} (in {{{{ {Action} }}}})";
}
