namespace StyleFarm.Grains.Artifacts;

/// <summary>
/// An artifact store could not carry out an operation. The message names the store, the key and the
/// cause, and says what to do.
/// </summary>
public class ArtifactStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, on which key, and what to do.</param>
    /// <param name="isTransient">Whether the same call may succeed later (the store was unreachable or overloaded).</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public ArtifactStoreException(string message, bool isTransient = false, Exception? innerException = null)
        : base(message, innerException)
    {
        IsTransient = isTransient;
    }

    /// <summary>
    /// True when the store was unreachable or overloaded and the call may succeed later; false when
    /// retrying cannot help (bad credentials, missing permission, a conflicting key).
    /// </summary>
    public bool IsTransient { get; }
}
