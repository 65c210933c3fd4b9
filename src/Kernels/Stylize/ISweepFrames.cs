using static TorchSharp.torch;

namespace StyleFarm.Kernels.Stylize;

/// <summary>
/// Where a <see cref="PassSweep"/> keeps its finished frames and reads earlier ones (the farm's artifact
/// store; a test's folder). Frames are numbered as the sweep numbers them; returned tensors
/// [1,3,H,W] belong to the caller.
/// </summary>
public interface ISweepFrames
{
    /// <summary>Whether frame <paramref name="frame"/> of pass <paramref name="pass"/> is stored (by this sweep or an earlier attempt of it).</summary>
    Task<bool> IsCommittedAsync(int pass, int frame, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a finished frame and returns it as every later reader will see it (after the store's
    /// rounding, if it has any), so that a sweep goes on from exactly what a resumed sweep would read.
    /// </summary>
    Task<Tensor> CommitAsync(int pass, int frame, Tensor image, CancellationToken cancellationToken);

    /// <summary>A stored frame: one this sweep committed, or a previous pass's frame it builds on.</summary>
    Task<Tensor> LoadAsync(int pass, int frame, CancellationToken cancellationToken);
}
