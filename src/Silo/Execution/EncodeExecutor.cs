using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Tasks;
using StyleFarm.Kernels.Video;
using StyleFarm.Silo.Paths;
using StyleFarm.Silo.Worker;
using static TorchSharp.torch;

namespace StyleFarm.Silo.Execution;

/// <summary>
/// The encode task (DESIGN.md step 5): reads the last pass's frames of every segment in frame order and
/// writes the output through <see cref="VideoWriter"/> (the input's audio copied into a video output from
/// the job's first frame on, at the input's exact frame rate; an image sequence numbered as the input's frames), then measures the <see cref="SeamError"/> of those frames on the way and
/// commits the job's <see cref="JobMetrics"/> beside the output (<see cref="JobMetricsArtifact"/>). A local
/// output appears under its name only when complete; a blob output is encoded into the work folder and
/// then committed to the artifact store in one put.
/// </summary>
public sealed class EncodeExecutor(ExecutionServices services) : ITaskExecutor
{
    /// <inheritdoc />
    public TaskKind Kind => TaskKind.Encode;

    /// <inheritdoc />
    public async Task<TaskOutcome> ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var job = context.Job;
        var plan = context.Plan;
        var settings = JobSettings.Resolve(job.Spec);
        JobPaths.Check(services, job.Spec);
        var target = OutputTarget.Parse(job.Spec.Output, job.Id, settings.SixteenBit);
        // A retried or resumed encode may replace the output this job committed itself, and nothing else unless the job says so.
        var replace = job.Spec.Overwrite || await OutputCommit.ExistsAsync(services.Artifacts, job.Id, cancellationToken).ConfigureAwait(false);
        if (target.LocalPath is { } local) JobPaths.Permanent(() => OutputPlace.RefuseExisting(local, replace));
        var input = LocalPaths.Require(job.Spec.Input, "input");
        var info = await VideoProbe.ProbeAsync(input, cancellationToken: cancellationToken).ConfigureAwait(false);
        var path = target.LocalPath ?? Path.Combine(services.WorkFolder, $"{job.Id}-{Guid.NewGuid():N}-{target.FileName}");
        if (target.LocalPath is null) Directory.CreateDirectory(services.WorkFolder);
        var options = new VideoWriterOptions
        {
            Format = target.Format,
            FrameRate = info.FrameRate,
            AudioSource = target.IsVideo && info.AudioStreams.Count > 0 && !MediaInput.IsPattern(input) ? input : null,
            // A frame range keeps its place in the film: the audio from its first frame on, image files under the input's frame numbers.
            AudioOffset = info.FrameRate.DurationOf(plan.FirstFrame),
            StartNumber = target.IsVideo ? 0 : plan.FirstFrame,
            ReplaceExisting = replace,
        };
        var meter = new SeamErrorMeter(services, job, plan);
        var frames = new FrameArtifacts(services.Artifacts);
        var device = services.TorchDevice;
        var written = 0;
        try
        {
            await using (var writer = new VideoWriter(path, options))
            {
                Tensor? previous = null;
                var previousShot = -1;
                try
                {
                    await foreach (var (frame, shot, image) in FinalFrames.ReadAsync(frames, job, plan, cancellationToken).ConfigureAwait(false))
                    {
                        await writer.WriteAsync(image, cancellationToken).ConfigureAwait(false);
                        written++;
                        var current = FrameArtifacts.ToTensor(image, device);
                        if (previous is not null && shot == previousShot)
                            await meter.AddPairAsync(frame - 1, previous, current, cancellationToken).ConfigureAwait(false);
                        previous?.Dispose();
                        previous = current;
                        previousShot = shot;
                    }
                }
                finally
                {
                    previous?.Dispose();
                }
                if (written != plan.FrameCount)
                    throw new InvalidOperationException($"the job's segments hold {written} frames but the plan has {plan.FrameCount}: the task graph does not cover the input");
                try
                {
                    await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (IOException e) when (!replace && target.LocalPath is { } taken && OutputPlace.Existing(taken) is not null)
                {
                    throw new PermanentTaskException($"the output {job.Spec.Output} appeared while this job encoded it and is not replaced: choose another name, or submit with --overwrite", e);
                }
            }
            if (target.LocalPath is { } committed) await OutputCommit.WriteAsync(services.Artifacts, job.Id, committed, cancellationToken).ConfigureAwait(false);
            if (target.Key is { } key)
            {
                await using var file = File.OpenRead(path);
                await services.Artifacts.PutAsync(key, file, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (target.LocalPath is null) File.Delete(path);
        }
        var segments = TaskGraphBuilder.Segments(job.Spec, plan).Sum(s => s.Count);
        var metrics = new JobMetrics(written, segments, job.Spec.Passes, meter.Result, meter.Pairs.ToList());
        await JobMetricsArtifact.WriteAsync(services.Artifacts, job.Id, metrics, cancellationToken).ConfigureAwait(false);
        return new TaskOutcome(Metrics: metrics);
    }
}
