namespace StyleFarm.Grains.Planning;

/// <summary>
/// The cost and memory model of the task graph. Costs are in pixel-iterations (frames × pixels ×
/// iterations): what one stylization iteration does to one pixel of one frame. Only ratios matter,
/// for ordering and for the makespan simulator; calibrate the factors against the kernel benchmark.
/// </summary>
public sealed record TaskGraphOptions
{
    /// <summary>
    /// Cost of the flow of one frame pixel for one long-term offset (forward and backward flow plus the
    /// consistency check), in stylization iterations. Default 2: DIS flow both ways costs about two
    /// optimisation iterations; raise it (≈ 100) for DeepFlow.
    /// </summary>
    public double FlowIterationsPerOffset { get; init; } = 2;

    /// <summary>
    /// Cost of planning (decode and cut detection) per frame pixel, in iterations. Default 0.05:
    /// decoding and a colour histogram take a few milliseconds a frame, a twentieth of an iteration.
    /// </summary>
    public double PlanIterations { get; init; } = 0.05;

    /// <summary>Cost of encoding per frame pixel, in iterations. Default 0.1 (an encoder runs a few hundred frames a second at 720p).</summary>
    public double EncodeIterations { get; init; } = 0.1;

    /// <summary>
    /// Memory an optimisation stylize task needs per frame pixel. Default 4096 B: VGG-19 activations to
    /// relu5_1 and their gradients plus L-BFGS history (≈ 8.5 GB at 1080p).
    /// </summary>
    public long OptimizationBytesPerPixel { get; init; } = 4096;

    /// <summary>Memory a network stylize task needs per frame pixel. Default 512 B (inference only).</summary>
    public long NetworkBytesPerPixel { get; init; } = 512;

    /// <summary>Memory a flow task needs per frame pixel (frames, flow fields, weights in flight). Default 256 B.</summary>
    public long FlowBytesPerPixel { get; init; } = 256;

    /// <summary>Memory every task needs besides the above (runtime, decoder). Default 512 MiB.</summary>
    public long BaseTaskBytes { get; init; } = 512L << 20;

    /// <summary>
    /// Memory a training task needs (GPU memory when it needs a GPU): 4 GiB, room for the paper's 256-px batch of 4 through
    /// the transformer and VGG-16 with gradients, up to 5 frames a sample.
    /// </summary>
    public long TrainBytes { get; init; } = 4L << 30;

    /// <summary>
    /// The memory a stylize task of a <paramref name="method"/> job needs for frames of <paramref name="pixels"/> pixels
    /// (what a silo must offer to take any of its frames); checked arithmetic, so an absurd size throws instead of wrapping.
    /// </summary>
    /// <exception cref="OverflowException">The product does not fit in a long.</exception>
    public long StylizeBytes(Jobs.StylizationMethod method, long pixels) =>
        checked(BaseTaskBytes + pixels * (method == Jobs.StylizationMethod.Network ? NetworkBytesPerPixel : OptimizationBytesPerPixel));

    /// <summary>The memory a flow task needs for frames of <paramref name="pixels"/> pixels (checked arithmetic).</summary>
    /// <exception cref="OverflowException">The product does not fit in a long.</exception>
    public long FlowBytes(long pixels) => checked(BaseTaskBytes + pixels * FlowBytesPerPixel);

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">Names the value that is negative.</exception>
    public void Validate()
    {
        void NotNegative(double value, string name)
        {
            if (!(value >= 0) || double.IsInfinity(value)) throw new ArgumentException($"{name} is {value}: it must be a finite number, not negative", name);
        }
        NotNegative(FlowIterationsPerOffset, nameof(FlowIterationsPerOffset));
        NotNegative(PlanIterations, nameof(PlanIterations));
        NotNegative(EncodeIterations, nameof(EncodeIterations));
        NotNegative(OptimizationBytesPerPixel, nameof(OptimizationBytesPerPixel));
        NotNegative(NetworkBytesPerPixel, nameof(NetworkBytesPerPixel));
        NotNegative(FlowBytesPerPixel, nameof(FlowBytesPerPixel));
        NotNegative(BaseTaskBytes, nameof(BaseTaskBytes));
        NotNegative(TrainBytes, nameof(TrainBytes));
    }
}
