using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace StyleFarm.Kernels.Tests.Torch;

public class PadTests
{
    // 1 2 3 / 4 5 6 / 7 8 9 as a (1, 1, 3, 3) image.
    private static Tensor Image() => arange(1, 10, dtype: float32).view(1, 1, 3, 3);

    [Fact]
    public void ReflectMirrorsWithoutRepeatingTheEdge()
    {
        using var scope = NewDisposeScope();
        TensorAssert.Equal([1, 1, 5, 5],
        [
            5, 4, 5, 6, 5,
            2, 1, 2, 3, 2,
            5, 4, 5, 6, 5,
            8, 7, 8, 9, 8,
            5, 4, 5, 6, 5,
        ], F.pad(Image(), [1, 1, 1, 1], PaddingModes.Reflect));
    }

    [Fact]
    public void PadsAreLeftRightTopBottom()
    {
        using var scope = NewDisposeScope();
        TensorAssert.Equal([1, 1, 4, 5],
        [
            3, 2, 1, 2, 3,
            6, 5, 4, 5, 6,
            9, 8, 7, 8, 9,
            6, 5, 4, 5, 6,
        ], F.pad(Image(), [2, 0, 0, 1], PaddingModes.Reflect));
    }

    [Fact]
    public void ReplicateRepeatsTheEdgeAndConstantFillsAValue()
    {
        using var scope = NewDisposeScope();
        TensorAssert.Equal([1, 1, 5, 5],
        [
            1, 1, 2, 3, 3,
            1, 1, 2, 3, 3,
            4, 4, 5, 6, 6,
            7, 7, 8, 9, 9,
            7, 7, 8, 9, 9,
        ], F.pad(Image(), [1, 1, 1, 1], PaddingModes.Replicate));
        TensorAssert.Equal([1, 1, 3, 4], [1, 2, 3, -1, 4, 5, 6, -1, 7, 8, 9, -1], F.pad(Image(), [0, 1], value: -1));
    }

}
