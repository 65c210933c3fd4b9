namespace StyleFarm.Silo.Execution;

/// <summary>
/// A task failed for a reason no retry can change: the input is missing or corrupt, the style file is
/// not an image, the job's settings are invalid. The worker fails the task (and so its job) at once,
/// with this message, instead of spending the task's remaining attempts.
/// </summary>
public sealed class PermanentTaskException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was wrong with which input, and what to do.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public PermanentTaskException(string message, Exception? innerException = null) : base(message, innerException) { }
}
