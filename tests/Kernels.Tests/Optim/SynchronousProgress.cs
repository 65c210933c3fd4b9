using StyleFarm.Kernels.Optim;

namespace StyleFarm.Kernels.Tests.Optim;

/// <summary>Runs the handler inside Report, on the optimizing thread (Progress&lt;T&gt; would post it elsewhere).</summary>
internal sealed class SynchronousProgress(Action<OptimizationProgress> handler) : IProgress<OptimizationProgress>
{
    public void Report(OptimizationProgress value) => handler(value);
}
