using TorchSharp;

namespace StyleFarm.Kernels.Tests;

/// <summary>The tensors this thread made and has not disposed (TorchSharp's count), for leak checks.</summary>
internal static class LiveTensors
{
    public static long Count => DisposeScopeManager.Statistics.ThreadTotalLiveCount;
}
