namespace StyleFarm.Kernels.Network.Training;

/// <summary>
/// Everything that decides what a training run computes (sec. 5.2, 7.2.2), saved in the model's header and in every
/// checkpoint: a run resumes only from a checkpoint made with the same options. The defaults are the paper's.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>Adam iterations in all: 120,000, Table 1's schedule (its frame counts scale with this budget).</summary>
    public int Iterations { get; init; } = 120_000;

    /// <summary>Side of the square training frames: 256 (the reference's train_img_size 256:256).</summary>
    public int ImageSize { get; init; } = 256;

    /// <summary>Samples per iteration: 4 (sec. 7.2.2).</summary>
    public int BatchSize { get; init; } = 4;

    /// <summary>Adam's learning rate: 1e-3 (sec. 7.2.2); β₁ 0.9, β₂ 0.999, ε 1e-8 as PyTorch's defaults.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Mixed training (sec. 5.2.1, eq. 18): a share <see cref="EmptyPriorFraction"/> of the samples get an empty prior and mask 0. Default on.</summary>
    public bool Mixed { get; init; } = true;

    /// <summary>The share of empty-prior samples in mixed training: 0.5 (sec. 5.2.1).</summary>
    public double EmptyPriorFraction { get; init; } = 0.5;

    /// <summary>Multi-frame training (sec. 5.2.2, eq. 19): frames per sample grow 2 → 3 → 5 (<see cref="FrameSchedule"/>). Default on; off is two-frame training (eq. 17).</summary>
    public bool MultiFrame { get; init; } = true;

    /// <summary>Width of the minimum filter applied to every prior's mask, in training and when rendering: 7 (the reference's reliable_map_min_filter).</summary>
    public int MaskErosion { get; init; } = 7;

    /// <summary>
    /// The share of samples cut from real footage when the data has both footage and stills: 0.6 (the reference's data
    /// mix shift:1, zoom_out:1, video:3). With only one kind, every sample is of that kind.
    /// </summary>
    public double FootageFraction { get; init; } = 0.6;

    /// <summary>Largest move of a synthetic sequence's window per frame and axis, in photo pixels: 32 (sec. 5.2.3).</summary>
    public double SyntheticMaxShift { get; init; } = 32;

    /// <summary>Largest growth of a synthetic sequence's window per frame and axis (zoom-out), in photo pixels: 32 (sec. 5.2.3).</summary>
    public double SyntheticMaxZoomOut { get; init; } = 32;

    /// <summary>Frame tuples taken from each shot of real footage, those whose frames differ most: 5 (sec. 5.2.3).</summary>
    public int TuplesPerShot { get; init; } = 5;

    /// <summary>Optical flow of real footage: "dis" (fast) or "deepflow" (the paper's quality flow; slow).</summary>
    public string FlowMethod { get; init; } = "dis";

    /// <summary>Seed of the initial weights, the data order, the synthetic motion and the empty-prior draws: 0.</summary>
    public ulong Seed { get; init; }

    /// <summary>The network's size: the paper's.</summary>
    public NetworkArchitecture Architecture { get; init; } = NetworkArchitecture.Paper;

    /// <summary>The loss's weights and layers.</summary>
    public NetworkLossOptions Loss { get; init; } = new();

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (Iterations < 1) throw new ArgumentException($"iterations {Iterations}: train at least 1", nameof(Iterations));
        if (ImageSize < 16) throw new ArgumentException($"image size {ImageSize}: use at least 16 pixels", nameof(ImageSize));
        if (BatchSize < 1) throw new ArgumentException($"batch size {BatchSize}: use at least 1", nameof(BatchSize));
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new ArgumentException($"learning rate {LearningRate}: use a positive number", nameof(LearningRate));
        if (!(EmptyPriorFraction is >= 0 and <= 1)) throw new ArgumentException($"empty-prior fraction {EmptyPriorFraction}: use 0 … 1", nameof(EmptyPriorFraction));
        if (!(FootageFraction is >= 0 and <= 1)) throw new ArgumentException($"footage fraction {FootageFraction}: use 0 … 1", nameof(FootageFraction));
        if (MaskErosion < 1 || MaskErosion % 2 == 0) throw new ArgumentException($"mask erosion {MaskErosion}: use an odd width ≥ 1", nameof(MaskErosion));
        if (!(SyntheticMaxShift >= 0) || !(SyntheticMaxZoomOut >= 0)) throw new ArgumentException("synthetic shifts and zooms must be ≥ 0");
        if (TuplesPerShot < 1) throw new ArgumentException($"tuples per shot {TuplesPerShot}: use at least 1", nameof(TuplesPerShot));
        if (string.IsNullOrWhiteSpace(FlowMethod)) throw new ArgumentException("name a flow method (dis or deepflow)", nameof(FlowMethod));
        ArgumentNullException.ThrowIfNull(Architecture);
        Architecture.Validate();
        if (ImageSize < Architecture.InputPadding + 4)
            throw new ArgumentException($"image size {ImageSize} is too small for the network's {Architecture.InputPadding}-pixel input padding: use at least {Architecture.InputPadding + 4}", nameof(ImageSize));
        ArgumentNullException.ThrowIfNull(Loss);
        Loss.Validate();
    }
}
