using System.Globalization;

namespace StyleFarm.Bench.Network;

/// <summary>The bench's "--name value" options, each with its default at the call.</summary>
internal sealed class Arguments(string[] args)
{
    public string? StringOrNull(string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    public string String(string name, string fallback) => StringOrNull(name) ?? fallback;

    public int Int(string name, int fallback) => StringOrNull(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) => StringOrNull(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public bool Flag(string name) => args.Contains(name);
}
