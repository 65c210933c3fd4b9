namespace StyleFarm.Silo.Storage.Tasks;

/// <summary>Enums are stored by name ("Ready", "Stylize"), so a row reads the same in psql as in C#.</summary>
internal static class StoredEnum
{
    /// <summary>The name of <paramref name="value"/>.</summary>
    public static string Write<T>(T value) where T : struct, Enum =>
        Enum.IsDefined(value) ? value.ToString() : throw new ArgumentOutOfRangeException(nameof(value), value, $"{value} is not a {typeof(T).Name}");

    /// <summary>The value named <paramref name="text"/> in column <paramref name="column"/>.</summary>
    /// <exception cref="InvalidDataException">The name is not one of <typeparamref name="T"/>'s.</exception>
    public static T Read<T>(string text, string column) where T : struct, Enum =>
        Enum.TryParse<T>(text, ignoreCase: false, out var value) && Enum.IsDefined(value) && !char.IsAsciiDigit(text[0])
            ? value
            : throw new InvalidDataException($"column {column} holds '{text}', which is not one of {string.Join(", ", Enum.GetNames<T>())}: the row was not written by this store");
}
