using StyleFarm.Kernels.Stylize;

namespace StyleFarm.Bench.Quality;

/// <summary>Adds up the objective evaluations of every finished frame a render reports (the cost of its iterations and final-step checks).</summary>
internal sealed class EvaluationCounter : IProgress<RenderProgress>
{
    private long _evaluations;

    /// <summary>The evaluations counted so far.</summary>
    public long Evaluations => Interlocked.Read(ref _evaluations);

    /// <inheritdoc />
    public void Report(RenderProgress value)
    {
        // Synchronous, unlike Progress<T>, so the total is complete when the render returns.
        if (value.FrameFinished) Interlocked.Add(ref _evaluations, value.Evaluations);
    }
}
