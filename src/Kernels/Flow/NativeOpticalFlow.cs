using StyleFarm.Kernels.Imaging;

namespace StyleFarm.Kernels.Flow;

/// <summary>
/// The shared part of the OpenCV-backed algorithms: checks the frames, pins them and the output
/// field, and lets the subclass call its shim function on the raw buffers. Every call builds its own
/// OpenCV object, so one instance may serve several threads at once.
/// </summary>
public abstract class NativeOpticalFlow : IOpticalFlow
{
    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public unsafe FlowField Compute(RgbFrame from, RgbFrame to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (from.Width != to.Width || from.Height != to.Height)
            throw new ArgumentException(
                $"{Name} flow needs two frames of the same size, got {from.Width}x{from.Height} and {to.Width}x{to.Height}; " +
                "resize one of them first", nameof(to));
        var flow = new FlowField(from.Width, from.Height);
        fixed (byte* a = from.Pixels)
        fixed (byte* b = to.Pixels)
        fixed (float* w = flow.Data)
        {
            Run(a, b, from.Width, from.Height, w);
        }
        return flow;
    }

    /// <summary>Computes the flow of two checked RGB buffers into <paramref name="flow"/> (H×W×2), throwing on failure.</summary>
    private protected abstract unsafe void Run(byte* from, byte* to, int width, int height, float* flow);
}
