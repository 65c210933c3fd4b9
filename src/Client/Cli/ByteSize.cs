using System.Globalization;

namespace StyleFarm.Client.Cli;

/// <summary>A size in bytes as the CLI takes it: a whole number with an optional K, M, G or T suffix (powers of 1024).</summary>
public static class ByteSize
{
    /// <summary>The bytes <paramref name="text"/> names; <paramref name="option"/> names the option in errors.</summary>
    /// <exception cref="ArgumentException">Not a size, negative, or too large.</exception>
    public static long Parse(string text, string option)
    {
        var trimmed = text.Trim();
        var shift = trimmed.Length == 0 ? 0 : char.ToUpperInvariant(trimmed[^1]) switch
        {
            'K' => 10,
            'M' => 20,
            'G' => 30,
            'T' => 40,
            _ => 0,
        };
        var digits = shift == 0 ? trimmed : trimmed[..^1];
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            throw new ArgumentException($"{option} '{text}' is not a size: give bytes or a whole number with K, M, G or T (e.g. 500M, 32G)");
        if (value > long.MaxValue >> shift)
            throw new ArgumentException($"{option} '{text}' is too large");
        return value << shift;
    }
}
