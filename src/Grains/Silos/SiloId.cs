namespace StyleFarm.Grains.Silos;

/// <summary>Names a silo (a farm node), e.g. "gpu-node-7-4711". Printable, no spaces or slashes, at most 200 characters.</summary>
public readonly record struct SiloId
{
    /// <summary>Wraps <paramref name="value"/> after checking it.</summary>
    /// <exception cref="ArgumentException">The name is empty, too long, or has spaces, slashes or control characters.</exception>
    // Grain messages and state carry it as JSON (see Cluster/GrainSerialization); a struct needs its constructor named.
    [System.Text.Json.Serialization.JsonConstructor]
    public SiloId(string value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 200 || value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '/'))
            throw new ArgumentException($"silo id '{value}' is not valid: use 1–200 printable characters without spaces or '/', e.g. host name and process id", nameof(value));
        Value = value;
    }

    /// <summary>The name.</summary>
    public string Value { get; }

    /// <summary>The name.</summary>
    public override string ToString() => Value;
}
