namespace StyleFarm.Grains.Jobs;

/// <summary>A stored <see cref="JobEvent"/> with its place in the store's history.</summary>
/// <param name="Sequence">Increases with every event appended (across all jobs), from 1; a reader resumes after the last one it saw.</param>
/// <param name="Event">The event.</param>
public sealed record JobEventRecord(long Sequence, JobEvent Event);
