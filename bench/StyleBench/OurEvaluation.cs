using System.Diagnostics;
using TorchSharp;
using StyleFarm.Kernels.Style;
using static TorchSharp.torch;

namespace StyleFarm.Bench.Style;

/// <summary>
/// One optimizer evaluation of the frame energy at the reference weights, ready to be timed: content relu4_2,
/// style relu1_1…relu5_1, one short-term temporal reference and total variation, forward and backward to x.
/// </summary>
internal sealed class OurEvaluation : IDisposable
{
    private readonly DisposeScope _scope;
    private readonly FeatureNetwork _network;
    private readonly StyleEnergyOptions _energy = new();
    private readonly StyleTargets _targets;
    private readonly FrameObjective _objective;
    private readonly Tensor _x;
    private readonly Tensor? _contentTarget;

    public OurEvaluation(FeatureNetwork network, int width, int height, bool networkOnly)
    {
        _network = network;
        _scope = NewDisposeScope();
        manual_seed(0);
        var p = rand([1, 3, height, width]);
        var a = rand([1, 3, height, width]);
        var omega = rand([1, 3, height, width]);
        var c = rand([1, 1, height, width]).gt(0.1).to_type(ScalarType.Float32);
        _targets = StyleTargets.Compute(network, a, width, height, _energy.StyleLayers.Select(l => l.Layer));
        _objective = new FrameObjective(network, _targets, p, _energy, [new TemporalReference(omega, c)]);
        _x = rand([1, 3, height, width]).requires_grad_();
        if (networkOnly)
        {
            using (no_grad()) _contentTarget = network.Forward(p)[_energy.ContentLayer].detach();
        }
    }

    /// <summary>Tensor handles still alive at the end of the last evaluation (before its scope freed them).</summary>
    public int TensorsPerEvaluation { get; private set; }

    /// <summary>Managed bytes the last evaluation allocated.</summary>
    public long ManagedBytesPerEvaluation { get; private set; }

    /// <summary>Runs one evaluation; returns its wall and CPU milliseconds.</summary>
    public Sample Run()
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var cpu = ProcessCpuTime.Milliseconds();
        var stopwatch = Stopwatch.StartNew();
        using (var evaluation = NewDisposeScope())
        {
            _x.grad = null;
            var loss = _contentTarget is null ? _objective.Evaluate(_x) : NetworkOnly();
            loss.item<float>();
            stopwatch.Stop();
            cpu = ProcessCpuTime.Milliseconds() - cpu;
            TensorsPerEvaluation = evaluation.DisposablesCount;
        }
        ManagedBytesPerEvaluation = GC.GetAllocatedBytesForCurrentThread() - allocated;
        return new Sample(stopwatch.Elapsed.TotalMilliseconds, cpu);
    }

    public void Dispose()
    {
        _objective.Dispose();
        _targets.Dispose();
        _scope.Dispose();
    }

    // The content loss plus relu5_1·0, so the backward crosses the whole network as the style loss makes it.
    private Tensor NetworkOnly()
    {
        var features = _network.Forward(_x);
        var content = ContentLoss.Compute(features[_energy.ContentLayer], _contentTarget!).mul(_energy.ContentWeight);
        var loss = content.add(features["relu5_1"].sum(), 0.0);
        loss.backward();
        return loss;
    }
}
