using YamlDotNet.RepresentationModel;

namespace StyleFarm.Client.Tests.Helm;

/// <summary>
/// A chart's values.yaml as the chart tests read it: every key by its dotted path (<c>workers.gpu.enabled</c>), its line,
/// whether it is a leaf (a scalar, a sequence or an empty mapping: what a template reads whole), and whether a comment
/// stands on its line or directly above it.
/// </summary>
public sealed class ChartValues
{
    private readonly Dictionary<string, ValueKey> _keys;

    private ChartValues(Dictionary<string, ValueKey> keys) => _keys = keys;

    /// <summary>Every key, in file order.</summary>
    public IEnumerable<ValueKey> Keys => _keys.Values.OrderBy(k => k.Line);

    /// <summary>The key at <paramref name="path"/>, or null.</summary>
    public ValueKey? Find(string path) => _keys.GetValueOrDefault(path);

    /// <summary>Reads <paramref name="text"/> (the contents of values.yaml).</summary>
    /// <exception cref="YamlDotNet.Core.YamlException">It is not YAML.</exception>
    /// <exception cref="InvalidDataException">Its root is not a mapping.</exception>
    public static ChartValues Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new InvalidDataException("values.yaml must be one YAML document whose root is a mapping");
        var lines = text.Split('\n');
        var keys = new Dictionary<string, ValueKey>();
        Walk(root, "", lines, keys);
        return new ChartValues(keys);
    }

    private static void Walk(YamlMappingNode mapping, string prefix, string[] lines, Dictionary<string, ValueKey> keys)
    {
        foreach (var (keyNode, value) in mapping.Children)
        {
            var path = prefix + ((YamlScalarNode)keyNode).Value;
            var line = (int)keyNode.Start.Line;
            var leaf = value is not YamlMappingNode { Children.Count: > 0 };
            keys[path] = new ValueKey(path, line, leaf, HasComment(lines, line), value is YamlScalarNode scalar ? scalar.Value : null);
            if (!leaf) Walk((YamlMappingNode)value, path + ".", lines, keys);
        }
    }

    // A '#' after whitespace on the key's own line (outside quotes), or a line directly above that is a comment.
    private static bool HasComment(string[] lines, int line)
    {
        var own = lines[line - 1];
        var unquoted = System.Text.RegularExpressions.Regex.Replace(own, "\"[^\"]*\"|'[^']*'", "\"\"");
        if (unquoted.Contains(" #", StringComparison.Ordinal)) return true;
        return line >= 2 && lines[line - 2].TrimStart().StartsWith('#');
    }
}

/// <summary>One key of values.yaml.</summary>
/// <param name="Path">Its dotted path from the root.</param>
/// <param name="Line">1-based line of the key.</param>
/// <param name="IsLeaf">A scalar, a sequence or an empty mapping.</param>
/// <param name="HasComment">A comment on its line or on the line directly above.</param>
/// <param name="Scalar">Its value when a scalar, else null.</param>
public sealed record ValueKey(string Path, int Line, bool IsLeaf, bool HasComment, string? Scalar);
