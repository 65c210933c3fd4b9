using System.Diagnostics.CodeAnalysis;

namespace StyleFarm.Grains.Jobs;

/// <summary>
/// Identifies a job. A version-7 GUID, so ids sort by submission time; written as 32 lower-case hex
/// digits without dashes (the form used in artifact keys and URLs).
/// </summary>
public readonly record struct JobId(Guid Value) : IComparable<JobId>
{
    /// <summary>A new id stamped with the current time of <paramref name="time"/>.</summary>
    public static JobId New(TimeProvider time) => new(Guid.CreateVersion7(time.GetUtcNow()));

    /// <summary>Parses the 32-digit form (dashed GUIDs are accepted too).</summary>
    /// <exception cref="FormatException">The text is not a GUID.</exception>
    public static JobId Parse(string text) =>
        TryParse(text, out var id)
            ? id
            : throw new FormatException($"'{text}' is not a job id: expected 32 hexadecimal digits, as `stylefarm status` lists them");

    /// <summary>
    /// Parses the 32-digit form (dashed GUIDs are accepted too). The all-zero id is well formed (no job ever gets it,
    /// so asking for it finds nothing) rather than malformed.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out JobId id)
    {
        if (Guid.TryParse(text, out var guid))
        {
            id = new JobId(guid);
            return true;
        }
        id = default;
        return false;
    }

    /// <inheritdoc />
    public int CompareTo(JobId other) => Value.CompareTo(other.Value);

    /// <summary>32 lower-case hex digits.</summary>
    public override string ToString() => Value.ToString("N");
}
