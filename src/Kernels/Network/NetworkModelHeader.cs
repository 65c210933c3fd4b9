using System.Text.Json;
using System.Text.Json.Serialization;
using StyleFarm.Kernels.Network.Training;

namespace StyleFarm.Kernels.Network;

/// <summary>
/// The small JSON header of a network model file (the safetensors "__metadata__" entry "stylefarm"): what the weights
/// are (format, version, architecture), what they were trained on (the style, the training settings, the feature
/// network of the loss) and how it went (iterations, a coarse loss curve), so a model file explains itself.
/// </summary>
public sealed record NetworkModelHeader
{
    /// <summary>The metadata key that holds the header.</summary>
    public const string MetadataKey = "stylefarm";

    /// <summary>The format's name.</summary>
    public const string FormatName = "stylefarm-video-network";

    /// <summary>The newest version this code reads and writes.</summary>
    public const int CurrentVersion = 1;

    /// <summary>How headers are written: camelCase names, no indentation.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    /// <summary>Always <see cref="FormatName"/>.</summary>
    public string Format { get; init; } = FormatName;

    /// <summary>The header's version (<see cref="CurrentVersion"/>).</summary>
    public int Version { get; init; } = CurrentVersion;

    /// <summary>The network's size.</summary>
    public required NetworkArchitecture Architecture { get; init; }

    /// <summary>The minimum filter applied to a prior's mask, as in training (<see cref="TrainingOptions.MaskErosion"/>).</summary>
    public int MaskErosion { get; init; } = 7;

    /// <summary>The style the network paints.</summary>
    public required StyleSource Style { get; init; }

    /// <summary>The settings it was trained with.</summary>
    public required TrainingOptions Training { get; init; }

    /// <summary>Iterations trained (the settings' budget once finished).</summary>
    public int IterationsTrained { get; init; }

    /// <summary>The feature network of the loss.</summary>
    public required FeatureNetworkSource FeatureNetwork { get; init; }

    /// <summary>The training loss, averaged over stretches of the run (at most <see cref="LossCurve.MaxPoints"/> points).</summary>
    public IReadOnlyList<LossPoint> LossCurve { get; init; } = [];

    /// <summary>The header as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The header in <paramref name="json"/>; throws <see cref="JsonException"/> when it is not one.</summary>
    public static NetworkModelHeader FromJson(string json) =>
        JsonSerializer.Deserialize<NetworkModelHeader>(json, Json) ?? throw new JsonException("the header is null");
}

/// <summary>The style image a network was trained on.</summary>
/// <param name="Name">Its file name.</param>
/// <param name="Sha256">The SHA-256 of its file.</param>
/// <param name="Width">Its width when its Gram matrices were taken.</param>
/// <param name="Height">Its height then.</param>
public sealed record StyleSource(string Name, string Sha256, int Width, int Height);

/// <summary>The feature network of the loss a network was trained with.</summary>
/// <param name="Name">"vgg16".</param>
/// <param name="Weights">Where its weights came from (an installed file, or the seeded random stand-in).</param>
/// <param name="Random">Whether they were the seeded random stand-in.</param>
public sealed record FeatureNetworkSource(string Name, string Weights, bool Random);

/// <summary>One point of a loss curve: the mean weighted terms over the iterations up to <paramref name="Iteration"/>.</summary>
public sealed record LossPoint(int Iteration, int Frames, double Content, double Style, double Temporal, double TotalVariation)
{
    /// <summary>The loss: the sum of the terms.</summary>
    [JsonIgnore]
    public double Total => Content + Style + Temporal + TotalVariation;
}
