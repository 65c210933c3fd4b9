using StyleFarm.Kernels.Native;

namespace StyleFarm.Kernels.Flow;

/// <summary>OpenCV's DIS optical flow (dense inverse search): the fast algorithm, milliseconds per frame on a CPU.</summary>
public sealed class DisOpticalFlow : NativeOpticalFlow
{
    private readonly DisNativeParameters _parameters;

    /// <summary>DIS with <paramref name="options"/> (default: <see cref="DisOptions"/>' defaults).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of its range.</exception>
    public DisOpticalFlow(DisOptions? options = null)
    {
        Options = options ?? new DisOptions();
        Options.Validate();
        _parameters = Options.ToNative();
    }

    /// <summary>The settings this instance runs with.</summary>
    public DisOptions Options { get; }

    /// <inheritdoc />
    public override string Name => "dis";

    private protected override unsafe void Run(byte* from, byte* to, int width, int height, float* flow)
    {
        var parameters = _parameters;
        NativeError.Check(NativeMethods.FlowDis(from, to, width, height, &parameters, flow), "sf_flow_dis");
    }
}
