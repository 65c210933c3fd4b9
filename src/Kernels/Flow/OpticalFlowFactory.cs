namespace StyleFarm.Kernels.Flow;

/// <summary>Creates an optical flow algorithm from its name, as job settings and the CLI spell it.</summary>
public static class OpticalFlowFactory
{
    /// <summary>The names <see cref="Create"/> accepts: "dis" (fast), "deepflow" (quality), "farneback" (baseline).</summary>
    public static IReadOnlyList<string> Names { get; } = ["dis", "deepflow", "farneback"];

    /// <summary>The algorithm called <paramref name="name"/> (case-insensitive) with its default options.</summary>
    /// <exception cref="ArgumentException">No algorithm has that name; the message lists the known ones.</exception>
    public static IOpticalFlow Create(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "dis" => new DisOpticalFlow(),
            "deepflow" => new DeepFlowOpticalFlow(),
            "farneback" => new FarnebackOpticalFlow(),
            _ => throw new ArgumentException(
                $"unknown optical flow '{name}'; use one of: {string.Join(", ", Names)}", nameof(name)),
        };
    }
}
