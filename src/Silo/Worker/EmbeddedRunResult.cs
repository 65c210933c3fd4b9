using StyleFarm.Grains.Jobs;
using StyleFarm.Silo.Execution;

namespace StyleFarm.Silo.Worker;

/// <summary>How an embedded run ended.</summary>
/// <param name="Job">The job in its final state (Succeeded or Failed; its error says why it failed).</param>
/// <param name="Metrics">The job's quality figures when it succeeded; null otherwise.</param>
/// <param name="FailureIsPermanent">It failed on something no rerun fixes (a corrupt input, a style that is no image).</param>
public sealed record EmbeddedRunResult(Job Job, JobMetrics? Metrics, bool FailureIsPermanent = false);
