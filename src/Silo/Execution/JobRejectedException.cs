namespace StyleFarm.Silo.Execution;

/// <summary>
/// A job <see cref="JobPreflight"/> refused before anything was queued: the message is one line saying what was wrong
/// and what to do (the API answers it with 400, the CLI prints it and exits 1).
/// </summary>
public sealed class JobRejectedException(string message) : Exception(message);
