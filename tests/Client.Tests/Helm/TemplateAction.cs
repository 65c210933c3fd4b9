using System.Text.RegularExpressions;

namespace StyleFarm.Client.Tests.Helm;

/// <summary>
/// One Go-template action <c>{{ … }}</c> of a Helm template, on one line: where it is, whether it trims the whitespace
/// before (<c>{{-</c>) or after (<c>-}}</c>) it, and what kind of action it is.
/// </summary>
/// <param name="Line">1-based line of the template.</param>
/// <param name="Start">Index of its first brace in the line.</param>
/// <param name="End">Index just past its last brace.</param>
/// <param name="Body">The text between the braces and trim markers, trimmed.</param>
/// <param name="TrimBefore">Written <c>{{-</c>.</param>
/// <param name="TrimAfter">Written <c>-}}</c>.</param>
public sealed partial record TemplateAction(int Line, int Start, int End, string Body, bool TrimBefore, bool TrimAfter)
{
    /// <summary>Opens a block closed by <c>end</c>: if, range, with, define, block.</summary>
    public bool Opens => FirstWord is "if" or "range" or "with" or "define" or "block";

    /// <summary>Closes the innermost block.</summary>
    public bool Closes => FirstWord == "end";

    /// <summary>
    /// Renders no text of its own: a block's open, else or end, a template comment, or a variable assignment
    /// (<c>$x := …</c>, <c>$x = …</c>).
    /// </summary>
    public bool IsControl => Opens || Closes || FirstWord == "else" || Body.StartsWith("/*", StringComparison.Ordinal) || Assignment().IsMatch(Body);

    /// <summary>The indentation an <c>nindent N</c> or <c>indent N</c> in its pipeline gives, or null.</summary>
    public int? Indent => IndentCall().Match(Body) is { Success: true } m ? int.Parse(m.Groups[2].Value) : null;

    /// <summary>Whether it renders YAML structure (include or toYaml), not a scalar.</summary>
    public bool RendersStructure => Body.StartsWith("include ", StringComparison.Ordinal) || Body.StartsWith("toYaml ", StringComparison.Ordinal)
        || Body.Contains("| toYaml", StringComparison.Ordinal);

    /// <summary>The name of the template this action defines (<c>define "name"</c>), or null.</summary>
    public string? Defines => FirstWord == "define" && DefineName().Match(Body) is { Success: true } m ? m.Groups[1].Value : null;

    private string FirstWord => Body.Split([' ', '\t'], 2)[0];

    /// <summary>The actions of <paramref name="line"/> (line number <paramref name="number"/>).</summary>
    /// <exception cref="FormatException">An action opens on this line and does not close on it.</exception>
    public static IReadOnlyList<TemplateAction> In(string line, int number, string template)
    {
        var actions = new List<TemplateAction>();
        var at = 0;
        while ((at = line.IndexOf("{{", at, StringComparison.Ordinal)) >= 0)
        {
            var close = line.IndexOf("}}", at + 2, StringComparison.Ordinal);
            if (close < 0)
                throw new FormatException($"{template}:{number}: an action opens and does not close on this line; keep each {{{{ … }}}} on one line");
            var inner = line[(at + 2)..close];
            var trimBefore = inner.StartsWith('-');
            var trimAfter = inner.EndsWith('-');
            var body = inner[(trimBefore ? 1 : 0)..(inner.Length - (trimAfter ? 1 : 0))].Trim();
            actions.Add(new TemplateAction(number, at, close + 2, body, trimBefore, trimAfter));
            at = close + 2;
        }
        return actions;
    }

    [GeneratedRegex(@"^\$[A-Za-z_][A-Za-z0-9_]*\s*:?=")]
    private static partial Regex Assignment();

    [GeneratedRegex(@"\b(nindent|indent)\s+(\d+)")]
    private static partial Regex IndentCall();

    [GeneratedRegex("^define\\s+\"([^\"]+)\"")]
    private static partial Regex DefineName();
}
