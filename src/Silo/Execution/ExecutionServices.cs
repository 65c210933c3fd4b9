using StyleFarm.Grains.Artifacts;
using StyleFarm.Kernels.Models;
using StyleFarm.Kernels.Shots;
using static TorchSharp.torch;

namespace StyleFarm.Silo.Execution;

/// <summary>What the executors of one worker share: where artifacts go, the silo's flow cache, the models and the device.</summary>
/// <param name="Artifacts">The farm's artifact store.</param>
/// <param name="Cache">This silo's flow cache (also what the worker reports as cached segments).</param>
/// <param name="Models">Installed network weights (a seeded random-weight VGG-19 when none are installed).</param>
/// <param name="Device">Where tensors live: "cpu" or "cuda:N".</param>
/// <param name="WorkFolder">Scratch space for files on their way to the artifact store (encoded blob outputs).</param>
/// <param name="ShotDetector">Settings of the plan task's shot detection.</param>
/// <param name="Paths">Which local paths the tasks may read and write: a farm silo's roots, or anywhere for `render`.</param>
public sealed record ExecutionServices(
    IArtifactStore Artifacts,
    FlowCache Cache,
    ModelStore Models,
    string Device,
    string WorkFolder,
    ShotDetectorOptions ShotDetector,
    Paths.PathPolicy Paths)
{
    /// <summary>The parsed <see cref="Device"/>.</summary>
    public Device TorchDevice => device(Device);
}
