using StyleFarm.Kernels.Native;

namespace StyleFarm.Kernels.Flow;

/// <summary>
/// OpenCV's DeepFlow (Weinzaepfel et al.): the quality algorithm, a variational method with a
/// coarse-to-fine pyramid; several times slower than DIS. It runs with OpenCV's default parameters,
/// which createOptFlow_DeepFlow does not let callers change, so it has no options.
/// </summary>
public sealed class DeepFlowOpticalFlow : NativeOpticalFlow
{
    /// <inheritdoc />
    public override string Name => "deepflow";

    private protected override unsafe void Run(byte* from, byte* to, int width, int height, float* flow) =>
        NativeError.Check(NativeMethods.FlowDeepFlow(from, to, width, height, flow), "sf_flow_deepflow");
}
