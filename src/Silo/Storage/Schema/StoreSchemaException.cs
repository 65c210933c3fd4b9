namespace StyleFarm.Silo.Storage.Schema;

/// <summary>
/// The store's schema cannot be used by this build: it is newer than the migrations this build knows,
/// an applied migration differs from the one shipped, or the applied migrations have a gap.
/// </summary>
public sealed class StoreSchemaException : Exception
{
    /// <summary>Creates the exception with a message that says what was found and what to do.</summary>
    public StoreSchemaException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public StoreSchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
