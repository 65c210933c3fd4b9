using System.Text;
using System.Text.RegularExpressions;

namespace StyleFarm.Client.Tests.Helm;

/// <summary>
/// Turns a Helm template into plain YAML without running Helm, so a YAML parser can say whether the template is well
/// formed whatever its values. Line by line; every <c>{{ … }}</c> must open and close on one line. What it does:
/// <list type="number">
/// <item>Template comments <c>{{/* … */}}</c> (also <c>{{- /* … */ -}}</c>, over several lines) become empty lines.</item>
/// <item>A line holding only control actions (if, else, end, range, with, define, block, <c>$x := …</c>) becomes an
/// empty line: both branches of an if/else are kept, so a key written in both is a duplicate key (compute it in a helper
/// or inline instead). Helm's <c>{{-</c>/<c>-}}</c> there would remove the line break too; an empty line is the same YAML.</item>
/// <item>A line holding only one action that renders structure (<c>include</c>, <c>toYaml</c>) or is piped to
/// <c>nindent N</c>/<c>indent N</c> becomes one placeholder at column N (else at the line's own indentation):
/// <c>- helm-include-K</c> when the nearest line at that column or left of it, before or after it (comments skipped), is a
/// sequence item there, else
/// <c>helm-include-K: x</c> (K numbers the placeholders, so two never clash as keys).</item>
/// <item>A line holding only one other action (a value) becomes <c>x</c> at its indentation.</item>
/// <item>In a line with other text, a control action becomes nothing, an action piped to nindent N a line break plus a
/// placeholder entry at column N, any other action the scalar <c>x</c>; <c>{{-</c> removes the spaces before it on the line
/// and <c>-}}</c> those after it. A <c>-}}</c> ending such a line would join the next line to it: refused.</item>
/// </list>
/// Line numbers are kept (except after an inline nindent), so a YAML error's line is the template's.
/// </summary>
public static partial class TemplateStripper
{
    /// <summary>The YAML <paramref name="text"/> leaves once its template actions are stripped.</summary>
    /// <param name="text">The template.</param>
    /// <param name="template">Its name, for messages.</param>
    /// <param name="firstLine">The template line <paramref name="text"/> starts on (a define's body), for messages.</param>
    /// <exception cref="FormatException">An action spans lines, or a <c>-}}</c> ends a line with other text; names the line.</exception>
    public static string Strip(string text, string template, int firstLine = 1)
    {
        var lines = WithoutComments(text).Split('\n');
        var output = new List<string>();
        var placeholders = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var actions = TemplateAction.In(line, i + firstLine, template);
            if (actions.Count == 0)
            {
                output.Add(line);
                continue;
            }
            var rest = Without(line, actions);
            if (rest.Trim().Length == 0 && actions.All(a => a.IsControl))
            {
                output.Add("");
                continue;
            }
            if (rest.Trim().Length == 0 && actions.Count == 1)
            {
                var action = actions[0];
                var column = action.Indent ?? Indentation(line);
                if (action.RendersStructure || action.Indent is not null)
                {
                    placeholders++;
                    output.Add(new string(' ', column) + (InSequence(output, lines, i, column)
                        ? $"- helm-include-{placeholders}"
                        : $"helm-include-{placeholders}: x"));
                }
                else
                {
                    output.Add(new string(' ', Indentation(line)) + "x");
                }
                continue;
            }
            output.Add(Inline(line, actions, template, ref placeholders));
        }
        return string.Join('\n', output);
    }

    private static string Inline(string line, IReadOnlyList<TemplateAction> actions, string template, ref int placeholders)
    {
        var built = new StringBuilder();
        var from = 0;
        foreach (var action in actions)
        {
            var before = line[from..action.Start];
            built.Append(before);
            if (action.TrimBefore)
                while (built.Length > 0 && built[^1] is ' ' or '\t') built.Length--;
            if (action.IsControl) { }
            else if (action.Indent is { } column)
            {
                placeholders++;
                built.Append('\n').Append(' ', column).Append($"helm-include-{placeholders}: x");
            }
            else built.Append('x');
            from = action.End;
            if (action.TrimAfter)
            {
                if (line[from..].Trim().Length == 0)
                    throw new FormatException($"{template}:{action.Line}: '-}}}}' ends a line that has other text, which joins the next line to it; drop the '-'");
                while (from < line.Length && line[from] is ' ' or '\t') from++;
            }
        }
        built.Append(line[from..]);
        return built.ToString();
    }

    // The nearest line at `column` or left of it (comments and action lines skipped), above (already stripped) or below (as written),
    // is a sequence item at `column`.
    private static bool InSequence(List<string> above, string[] lines, int index, int column)
    {
        static bool? At(string line, int column)
        {
            var text = line.TrimStart();
            if (text.Length == 0 || text.StartsWith("{{", StringComparison.Ordinal) || text.StartsWith('#')) return null;
            var indentation = Indentation(line);
            if (indentation > column) return null;
            return indentation == column && text.StartsWith("- ", StringComparison.Ordinal);
        }
        for (var i = above.Count - 1; i >= 0; i--)
            if (At(above[i], column) is { } found) { if (found) return true; break; }
        for (var i = index + 1; i < lines.Length; i++)
            if (At(lines[i], column) is { } found) return found;
        return false;
    }

    private static int Indentation(string line) => line.Length - line.TrimStart(' ').Length;

    private static string Without(string line, IReadOnlyList<TemplateAction> actions)
    {
        var rest = new StringBuilder();
        var from = 0;
        foreach (var action in actions)
        {
            rest.Append(line[from..action.Start]);
            from = action.End;
        }
        return rest.Append(line[from..]).ToString();
    }

    // Each comment is replaced by as many line breaks as it spans, so line numbers stay.
    private static string WithoutComments(string text) =>
        Comment().Replace(text, m => new string('\n', m.Value.Count(c => c == '\n')));

    [GeneratedRegex(@"\{\{-?\s*/\*.*?\*/\s*-?\}\}", RegexOptions.Singleline)]
    private static partial Regex Comment();
}
