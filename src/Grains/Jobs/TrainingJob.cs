namespace StyleFarm.Grains.Jobs;

/// <summary>
/// What makes a job a training job (`stylefarm submit --train`): the data to train on and the training settings. The
/// job's <see cref="JobSpec.StyleImages"/> holds the one style image and its <see cref="JobSpec.Output"/> the model's
/// name; its one task (<see cref="Tasks.TaskKind.Train"/>) stores the model in the job's artifacts.
/// </summary>
public sealed record TrainingJob
{
    /// <summary>Folders of still images and videos the silos can read (searched recursively); at least one.</summary>
    public required IReadOnlyList<string> DataFolders { get; init; }

    /// <summary>
    /// The training settings as `stylefarm train` parses them (the kernels' TrainingOptions), in JSON: the grains carry
    /// them without reading them, the train task and the submit check parse them.
    /// </summary>
    public required string Options { get; init; }

    /// <summary>Iterations between checkpoints stored in the artifact store, from which a retried task resumes: 1000 (as `train`).</summary>
    public int CheckpointEvery { get; init; } = 1000;

    /// <summary>Checks every field.</summary>
    /// <exception cref="ArgumentException">Names the field and what is accepted.</exception>
    public void Validate()
    {
        if (DataFolders is null || DataFolders.Count == 0)
            throw new ArgumentException("a training job has no data folder: give at least one --data folder", nameof(DataFolders));
        if (DataFolders.Any(string.IsNullOrWhiteSpace))
            throw new ArgumentException("a training job's data folder is empty: give a path", nameof(DataFolders));
        if (string.IsNullOrWhiteSpace(Options))
            throw new ArgumentException("a training job has no training options: send them as `stylefarm train` would", nameof(Options));
        if (CheckpointEvery < 1)
            throw new ArgumentException($"checkpoint every {CheckpointEvery} iterations: use at least 1", nameof(CheckpointEvery));
    }

    /// <summary>Whether <paramref name="other"/> asks for the same training (the folder list compared by value).</summary>
    public bool IsSameAs(TrainingJob? other) =>
        other is not null && DataFolders.SequenceEqual(other.DataFolders) && Options == other.Options && CheckpointEvery == other.CheckpointEvery;
}
