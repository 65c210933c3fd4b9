using System.Text;

namespace StyleFarm.Grains.Artifacts;

/// <summary>
/// The name of an artifact in an <see cref="IArtifactStore"/>: '/'-separated segments such as
/// <c>jobs/…/pass/02/frame/000041.png</c> (the layout is in ArtifactKey.Layout.cs). The same rules hold for every back end, so a
/// key that is accepted here can be stored in a folder and in Azure Blob storage alike.
/// </summary>
/// <remarks>
/// Rules: not empty; at most <see cref="MaxLength"/> characters; no leading or trailing '/', no
/// empty segment ("a//b"); no "." or ".." segment; no backslash; no control characters; no unpaired
/// surrogate; does not end with '.' (Azure drops trailing dots). Keys compare ordinally.
/// </remarks>
public sealed partial record ArtifactKey : IComparable<ArtifactKey>
{
    /// <summary>The longest key accepted, in UTF-16 code units (Azure's limit on blob names).</summary>
    public const int MaxLength = 1024;

    /// <summary>Validates <paramref name="value"/> and wraps it.</summary>
    /// <exception cref="ArgumentException">The key breaks one of the rules; the message says which.</exception>
    public ArtifactKey(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var problem = KeyProblem(value);
        if (problem is not null)
            throw new ArgumentException($"Invalid artifact key \"{Printable(value)}\": {problem}.", nameof(value));
        Value = value;
    }

    /// <summary>The key as text, segments separated by '/'.</summary>
    public string Value { get; }

    /// <summary>Joins segments with '/', e.g. <c>Combine("job-7", "shot-3", "frame-1.png")</c>.</summary>
    /// <exception cref="ArgumentException">A segment is empty or contains '/', or the joined key breaks a rule.</exception>
    public static ArtifactKey Combine(params ReadOnlySpan<string> segments)
    {
        if (segments.Length == 0)
            throw new ArgumentException("An artifact key needs at least one segment.", nameof(segments));
        foreach (var segment in segments)
        {
            ArgumentNullException.ThrowIfNull(segment, nameof(segments));
            if (segment.Length == 0 || segment.Contains('/'))
                throw new ArgumentException(
                    $"Invalid artifact key segment \"{Printable(segment)}\": a segment must be non-empty and must not contain '/'.",
                    nameof(segments));
        }
        return new ArtifactKey(string.Join('/', segments.ToArray()));
    }

    /// <summary>
    /// Checks a listing prefix: empty (everything) or the start of a key. Whole segments follow the
    /// key rules; the prefix may end with '/' or in the middle of a segment.
    /// </summary>
    /// <exception cref="ArgumentException">The prefix could never start a valid key; the message says why.</exception>
    public static void ValidatePrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length == 0) return;
        var problem = CharacterProblem(prefix);
        if (problem is null && prefix.Length > MaxLength) problem = $"it is longer than {MaxLength} characters";
        if (problem is null && prefix[0] == '/') problem = "it starts with '/' (keys are relative)";
        if (problem is null)
        {
            // Every segment followed by '/' is complete and must be a valid segment; the last one may be partial.
            var segments = prefix.Split('/');
            for (var i = 0; i < segments.Length - 1 && problem is null; i++)
                problem = SegmentProblem(segments[i]);
        }
        if (problem is not null)
            throw new ArgumentException($"Invalid artifact key prefix \"{Printable(prefix)}\": {problem}.", nameof(prefix));
    }

    /// <inheritdoc />
    public int CompareTo(ArtifactKey? other) => other is null ? 1 : string.CompareOrdinal(Value, other.Value);

    /// <summary>Whether this key starts with <paramref name="prefix"/> (ordinal).</summary>
    public bool StartsWith(string prefix) => Value.StartsWith(prefix, StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => Value;

    private static string? KeyProblem(string value)
    {
        if (value.Length == 0) return "it is empty";
        if (value.Length > MaxLength) return $"it is {value.Length} characters long, more than {MaxLength}";
        var problem = CharacterProblem(value);
        if (problem is not null) return problem;
        if (value[0] == '/') return "it starts with '/' (keys are relative)";
        if (value[^1] == '/') return "it ends with '/' (a key names an object, not a folder)";
        foreach (var segment in value.Split('/'))
        {
            var segmentProblem = SegmentProblem(segment);
            if (segmentProblem is not null) return segmentProblem;
        }
        if (value[^1] == '.') return "it ends with '.' (Azure Blob storage drops trailing dots)";
        return null;
    }

    private static string? SegmentProblem(string segment) => segment switch
    {
        "" => "it has an empty segment ('//')",
        "." or ".." => $"it has a \"{segment}\" segment (keys cannot climb out of the store)",
        _ => null,
    };

    private static string? CharacterProblem(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\\') return $"it contains a backslash at position {i} (use '/' between segments)";
            if (char.IsControl(c)) return $"it contains the control character U+{(int)c:X4} at position {i}";
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) { i++; continue; }
            if (char.IsSurrogate(c)) return $"it contains an unpaired surrogate at position {i}";
        }
        return null;
    }

    // Control characters are shown escaped so the message itself stays readable.
    private static string Printable(string value)
    {
        var text = new StringBuilder(Math.Min(value.Length, 120));
        foreach (var c in value.Length > 100 ? value[..100] : value)
            text.Append(char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:X4}" : c.ToString());
        if (value.Length > 100) text.Append('…');
        return text.ToString();
    }
}
