using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;
using InterpolationMode = TorchSharp.torch.InterpolationMode;

namespace StyleFarm.Kernels.Tests.Torch;

public class InterpolateTests
{
    // 0 1 / 2 3 as a (1, 1, 2, 2) image.
    private static Tensor Image() => arange(4, dtype: float32).view(1, 1, 2, 2);





}
