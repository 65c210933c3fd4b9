using StyleFarm.Kernels.Imaging;

namespace StyleFarm.Kernels.Flow;

/// <summary>A dense optical flow algorithm.</summary>
public interface IOpticalFlow
{
    /// <summary>The algorithm's name as <see cref="OpticalFlowFactory"/> knows it, e.g. "dis".</summary>
    string Name { get; }

    /// <summary>
    /// The flow from <paramref name="from"/> to <paramref name="to"/>: for each pixel x of
    /// <paramref name="from"/>, the displacement to its position in <paramref name="to"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The frames differ in size.</exception>
    /// <exception cref="StyleFarm.Kernels.Native.NativeException">OpenCV rejected the frames (e.g. DIS needs one side of at least 12 px).</exception>
    FlowField Compute(RgbFrame from, RgbFrame to);
}
