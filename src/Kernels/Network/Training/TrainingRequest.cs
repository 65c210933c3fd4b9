namespace StyleFarm.Kernels.Network.Training;

/// <summary>What `stylefarm train` asks for: the style, the data, where the model goes, how often to checkpoint, the settings.</summary>
public sealed record TrainingRequest
{
    /// <summary>The style image (a painting).</summary>
    public required string StyleImage { get; init; }

    /// <summary>Folders of still images and videos (searched recursively).</summary>
    public required IReadOnlyList<string> DataFolders { get; init; }

    /// <summary>The model file to write when training is done.</summary>
    public required string Output { get; init; }

    /// <summary>The checkpoint file; default: the output's path with ".checkpoint" appended.</summary>
    public string? Checkpoint { get; init; }

    /// <summary>Iterations between checkpoints: 1000 (the reference's checkpoint_every).</summary>
    public int CheckpointEvery { get; init; } = 1000;

    /// <summary>Where real footage's prepared tuples are cached (<see cref="FootageTuples"/>).</summary>
    public required string CacheFolder { get; init; }

    /// <summary>The training settings.</summary>
    public TrainingOptions Options { get; init; } = new();

    /// <summary>The checkpoint file in use.</summary>
    public string CheckpointPath => Checkpoint ?? Output + ".checkpoint";
}
