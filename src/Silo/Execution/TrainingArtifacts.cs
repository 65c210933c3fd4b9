using System.Text.Json;
using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Jobs;

namespace StyleFarm.Silo.Execution;

/// <summary>
/// A training job's artifacts besides its model (<see cref="StoredModel"/>):
/// <code>
/// jobs/{job}/train/checkpoint.safetensors   the last checkpoint (TrainingCheckpoint's file), until the model is stored
/// jobs/{job}/train/model.partial            the model on its way to its name (uploaded, read back, then stored under it)
/// jobs/{job}/train/status.json              the iteration, the last loss terms and the loss curve (<see cref="TrainingStatus"/>)
/// </code>
/// </summary>
public static class TrainingArtifacts
{
    private static readonly JsonSerializerOptions Json = new(Kernels.Network.NetworkModelHeader.Json) { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>The last checkpoint of job <paramref name="job"/>'s training.</summary>
    public static ArtifactKey CheckpointOf(JobId job) => new($"{ArtifactKey.JobPrefix(job)}train/checkpoint.safetensors");

    /// <summary>Where the model is uploaded before it is stored under its name.</summary>
    public static ArtifactKey PartialModelOf(JobId job) => new($"{ArtifactKey.JobPrefix(job)}train/model.partial");

    /// <summary>The training's status.</summary>
    public static ArtifactKey StatusOf(JobId job) => new($"{ArtifactKey.JobPrefix(job)}train/status.json");

    /// <summary>Stores <paramref name="status"/> for <paramref name="job"/>.</summary>
    public static Task WriteStatusAsync(IArtifactStore store, JobId job, TrainingStatus status, CancellationToken cancellationToken) =>
        JsonArtifact.WriteAsync(store, StatusOf(job), status, Json, cancellationToken);

    /// <summary>The training's status, or null when its task has stored none yet (or the job does not train).</summary>
    public static Task<TrainingStatus?> ReadStatusAsync(IArtifactStore store, JobId job, CancellationToken cancellationToken) =>
        JsonArtifact.ReadAsync<TrainingStatus>(store, StatusOf(job), Json, "training status", cancellationToken);
}
