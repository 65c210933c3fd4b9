using System.Diagnostics;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;
using StyleFarm.Kernels.Models;
using StyleFarm.Kernels.Network;
using StyleFarm.Kernels.Network.Training;
using StyleFarm.Kernels.Video;
using StyleFarm.Silo.Worker;

namespace StyleFarm.Silo.Execution;

/// <summary>
/// The train task of a training job (`submit --train`): `stylefarm train`'s run (<see cref="TrainingRun"/>) on this silo's
/// device, its checkpoints copied to the artifact store as they are written (<see cref="TrainingArtifacts"/>), so a retried
/// task on another silo continues from the last one with the same result as an uninterrupted run (the trainer resumes
/// bit-identically from a checkpoint). The model is uploaded under a temporary key, read back and checked, and only
/// then stored under its name (<see cref="StoredModel"/>); a task that finds it there already (its commit was lost) is done.
/// </summary>
public sealed class TrainExecutor(ExecutionServices services) : ITaskExecutor
{
    /// <summary>Least time between two status writes between checkpoints.</summary>
    public static readonly TimeSpan StatusEvery = TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    public TaskKind Kind => TaskKind.Train;

    /// <inheritdoc />
    public async Task<TaskOutcome> ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var job = context.Job;
        var spec = job.Spec;
        var training = spec.Training ?? throw new PermanentTaskException($"job {job.Id} is not a training job, but it has a train task");
        TrainingOptions options;
        string name;
        try
        {
            options = TrainingJobOptions.Parse(training);
            name = StoredModel.NameOf(spec.Output);
        }
        catch (ArgumentException e)
        {
            throw new PermanentTaskException(e.Message, e);
        }
        var style = StyleImages.Single(spec);
        JobPaths.Permanent(() =>
        {
            foreach (var folder in training.DataFolders) services.Paths.CheckRead(folder, "training data folder");
            services.Paths.CheckRead(style, "style image");
        });
        var store = services.Artifacts;
        var modelKey = StoredModel.KeyOf(job.Id, name);
        if (await store.ExistsAsync(modelKey, cancellationToken).ConfigureAwait(false)) return TaskOutcome.ArtifactsOnly;

        var folder = Path.Combine(services.WorkFolder, "train", job.Id.ToString());
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        try
        {
            var request = new TrainingRequest
            {
                StyleImage = LocalPaths.Require(style, "style image"),
                DataFolders = training.DataFolders,
                Output = Path.Combine(folder, "model.safetensors"),
                Checkpoint = Path.Combine(folder, "checkpoint.safetensors"),
                CheckpointEvery = training.CheckpointEvery,
                CacheFolder = Path.Combine(services.WorkFolder, "training-cache"),
                Options = options,
            };
            // A retried task continues from the last checkpoint any attempt stored.
            var checkpointKey = TrainingArtifacts.CheckpointOf(job.Id);
            var resumedFrom = 0;
            if (await store.ExistsAsync(checkpointKey, cancellationToken).ConfigureAwait(false))
            {
                await File.WriteAllBytesAsync(request.CheckpointPath, await store.GetAsync(checkpointKey, cancellationToken).ConfigureAwait(false), cancellationToken)
                    .ConfigureAwait(false);
                resumedFrom = TrainingCheckpoint.ReadIteration(request.CheckpointPath);
            }
            var reporter = new StatusReporter(store, job.Id, request.CheckpointPath, options.Iterations, resumedFrom, cancellationToken);
            using var weights = services.Models.OpenWeights("vgg16", options.Seed);
            NetworkModelHeader header;
            try
            {
                // The trainer is one long synchronous loop: off the worker's thread.
                header = await Task.Run(() => TrainingRun.RunAsync(request, weights, services.TorchDevice, reporter, null, cancellationToken), cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or MediaException or InvalidModelFileException
                                          || (e is ArgumentException && e is not ArgumentOutOfRangeException))
            {
                throw new PermanentTaskException($"training cannot run: {e.Message}", e);
            }
            await CommitModelAsync(job.Id, request.Output, modelKey, cancellationToken).ConfigureAwait(false);
            await TrainingArtifacts.WriteStatusAsync(store, job.Id,
                new TrainingStatus(header.IterationsTrained, options.Iterations, header.LossCurve.LastOrDefault(), header.LossCurve, resumedFrom, StoredModel.ReferenceOf(job.Id, name),
                    reporter.Rate.PerSecond),
                cancellationToken).ConfigureAwait(false);
            await store.DeleteAsync(checkpointKey, cancellationToken).ConfigureAwait(false);
            return TaskOutcome.ArtifactsOnly;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // Uploaded under a temporary key, read back and loaded as a model, then stored under its name: never a half model there.
    private async Task CommitModelAsync(JobId job, string path, Grains.Artifacts.ArtifactKey key, CancellationToken cancellationToken)
    {
        var store = services.Artifacts;
        var partial = TrainingArtifacts.PartialModelOf(job);
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        await store.PutAsync(partial, bytes, cancellationToken).ConfigureAwait(false);
        var back = await store.GetAsync(partial, cancellationToken).ConfigureAwait(false);
        if (!back.AsSpan().SequenceEqual(bytes)) throw new IOException($"the model read back from {partial} differs from the one uploaded: storing it again");
        NetworkModelFile.ReadHeader(path);
        await store.PutAsync(key, bytes, cancellationToken).ConfigureAwait(false);
        await store.DeleteAsync(partial, cancellationToken).ConfigureAwait(false);
    }

    // On the trainer's thread: each checkpoint goes to the store before the next iteration (a crash then loses at most N
    // iterations), and the status at each checkpoint and every StatusEvery between them. A store error ends the attempt
    // (it is retried, from the last stored checkpoint).
    private sealed class StatusReporter(Grains.Artifacts.IArtifactStore store, JobId job, string checkpoint, int iterations, int resumedFrom, CancellationToken cancel)
        : IProgress<TrainingProgress>
    {
        private readonly Stopwatch _sinceStatus = Stopwatch.StartNew();
        private IReadOnlyList<LossPoint> _curve = [];

        // From the first iteration this attempt did: loading the network and the data is not the trainer's speed.
        public WorkRate Rate { get; } = new();

        public void Report(TrainingProgress value)
        {
            Rate.Observe(DateTimeOffset.UtcNow, value.Iteration);
            if (value.Checkpointed)
            {
                // Blocking is right here: the trainer must not run ahead of its stored checkpoint.
                store.PutAsync(TrainingArtifacts.CheckpointOf(job), File.ReadAllBytes(checkpoint), cancel).GetAwaiter().GetResult();
                _curve = TrainingCheckpoint.ReadHistory(checkpoint).Curve();
            }
            if (!value.Checkpointed && _sinceStatus.Elapsed < StatusEvery) return;
            var latest = new LossPoint(value.Iteration, value.Frames, value.Content, value.Style, value.Temporal, value.TotalVariation);
            TrainingArtifacts.WriteStatusAsync(store, job, new TrainingStatus(value.Iteration, iterations, latest, _curve, resumedFrom, null, Rate.PerSecond), cancel).GetAwaiter().GetResult();
            _sinceStatus.Restart();
        }
    }
}
