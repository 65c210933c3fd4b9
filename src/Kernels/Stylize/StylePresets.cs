namespace StyleFarm.Kernels.Stylize;

/// <summary>
/// The named presets. `paper` is the reference implementation's settings (ALGORITHMS.md §1, §4);
/// `balanced` and `preview` trade fidelity for time (README has the table).
/// </summary>
public static class StylePresets
{
    /// <summary>The reference settings: 2000/1000 L-BFGS iterations, 0.01 % stop, DeepFlow; 15×100 with --passes 15.</summary>
    public static StylePreset Paper { get; } = new() { Name = "paper" };

    /// <summary>A tenth of the paper's iterations, the 0.1 % stop the paper calls reasonable, long-term {1, 10}.</summary>
    public static StylePreset Balanced { get; } = new()
    {
        Name = "balanced",
        FirstFrameIterations = 200,
        FrameIterations = 100,
        RelativeTolerance = 1e-3,
        ToleranceWindow = 20,
        LongTermOffsets = [1, 10],
        IterationsPerPass = 30,
        FlowMethod = "deepflow",
    };

    /// <summary>A quick look on a CPU: 40/20 iterations, DIS flow, short-term only.</summary>
    public static StylePreset Preview { get; } = new()
    {
        Name = "preview",
        FirstFrameIterations = 40,
        FrameIterations = 20,
        RelativeTolerance = 1e-3,
        ToleranceWindow = 10,
        IterationsPerPass = 10,
        TemporalFromPass = 2,
        FlowMethod = "dis",
    };

    public static IReadOnlyList<StylePreset> All { get; } = [Paper, Balanced, Preview];

    /// <summary>The preset called <paramref name="name"/>, or an error listing the known ones.</summary>
    public static StylePreset Get(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown preset '{name}'; use one of: {string.Join(", ", All.Select(p => p.Name))}");
}
