using StyleFarm.Kernels.Native;

namespace StyleFarm.Kernels.Flow;

/// <summary>OpenCV's Farneback optical flow (polynomial expansion): a fast, smooth baseline.</summary>
public sealed class FarnebackOpticalFlow : NativeOpticalFlow
{
    /// <summary>Farneback with <paramref name="options"/> (default: OpenCV's defaults).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of its range.</exception>
    public FarnebackOpticalFlow(FarnebackOptions? options = null)
    {
        Options = options ?? new FarnebackOptions();
        Options.Validate();
    }

    /// <summary>The settings this instance runs with.</summary>
    public FarnebackOptions Options { get; }

    /// <inheritdoc />
    public override string Name => "farneback";

    private protected override unsafe void Run(byte* from, byte* to, int width, int height, float* flow)
    {
        var o = Options;
        NativeError.Check(NativeMethods.FlowFarneback(from, to, width, height, o.PyramidScale, o.Levels, o.WindowSize,
            o.Iterations, o.PolyN, o.PolySigma, flow), "sf_flow_farneback");
    }
}
