using TorchSharp;
using StyleFarm.Kernels.Flow;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Temporal;

/// <summary>Consistency weights of host flow fields, for callers that hold <see cref="FlowField"/>s rather than tensors.</summary>
public static class ConsistencyMap
{
    /// <summary>The weights (row-major, one per pixel of the checked flow's source frame) of <paramref name="checkedFlow"/>.</summary>
    public static float[] Compute(FlowField checkedFlow, FlowField otherFlow, ConsistencyOptions options)
    {
        if (checkedFlow.Width != otherFlow.Width || checkedFlow.Height != otherFlow.Height)
            throw new ArgumentException(
                $"the flows differ in size: {checkedFlow.Width}x{checkedFlow.Height} and {otherFlow.Width}x{otherFlow.Height}");
        using var scope = NewDisposeScope();
        var weights = new ConsistencyWeights(options).Compute(ToTensor(checkedFlow), ToTensor(otherFlow));
        return weights.data<float>().ToArray();
    }

    /// <summary>A flow field as a [1,H,W,2] tensor (the same memory layout, copied).</summary>
    public static Tensor ToTensor(FlowField flow) => tensor(flow.Data, [1, flow.Height, flow.Width, 2]);
}
