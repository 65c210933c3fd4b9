namespace StyleFarm.Silo.Execution;

/// <summary>The quality figures of a finished job, measured by its encode task and kept beside its output.</summary>
/// <param name="Frames">Frames encoded.</param>
/// <param name="Segments">Segments the job was cut into.</param>
/// <param name="Passes">Stylize passes; the last one was encoded.</param>
/// <param name="SeamError">The seam error of the last pass (ALGORITHMS.md §8).</param>
/// <param name="PairErrors">Each measured pair's temporal error, by its earlier frame; null in metrics written before they were kept.</param>
public sealed record JobMetrics(int Frames, int Segments, int Passes, SeamError SeamError, IReadOnlyList<FramePairError>? PairErrors = null);
