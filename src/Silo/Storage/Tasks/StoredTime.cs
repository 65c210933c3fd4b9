using System.Globalization;

namespace StyleFarm.Silo.Storage.Tasks;

/// <summary>
/// Times as the stores keep them: UTC to the microsecond (PostgreSQL's timestamptz resolution; the
/// ticks below a microsecond are dropped in both stores, so both read back the same value). As text
/// (SQLite, bulk JSON) the form is fixed-width <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c>, so text order is time order.
/// </summary>
internal static class StoredTime
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    /// <summary><paramref name="value"/> in UTC, truncated to the microsecond.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset value)
    {
        var utc = value.UtcTicks;
        return new DateTimeOffset(utc - utc % 10, TimeSpan.Zero);
    }

    /// <summary>The text form.</summary>
    public static string Write(DateTimeOffset value) => Truncate(value).UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>The text form, or null.</summary>
    public static string? Write(DateTimeOffset? value) => value is { } v ? Write(v) : null;

    /// <summary>Reads the text form of column <paramref name="column"/>.</summary>
    /// <exception cref="InvalidDataException">The text is not in the stored form.</exception>
    public static DateTimeOffset Read(string text, string column) =>
        DateTimeOffset.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : throw new InvalidDataException($"column {column} holds '{text}', which is not a time in the form {Format}: the row was not written by this store");
}
