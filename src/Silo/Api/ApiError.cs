namespace StyleFarm.Silo.Api;

/// <summary>The body of every error answer: what was wrong and what to do, in one sentence.</summary>
/// <param name="Error">The message.</param>
public sealed record ApiError(string Error);
