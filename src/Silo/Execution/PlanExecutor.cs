using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;
using StyleFarm.Kernels.Color;
using StyleFarm.Kernels.Flow;
using StyleFarm.Kernels.Models;
using StyleFarm.Kernels.Network;
using StyleFarm.Kernels.Shots;
using StyleFarm.Kernels.Video;
using StyleFarm.Silo.Paths;
using StyleFarm.Silo.Worker;

namespace StyleFarm.Silo.Execution;

/// <summary>
/// The plan task (DESIGN.md step 2): checks the job's settings and style image, probes the input with
/// ffprobe, finds the shots of the job's frame range (<see cref="VideoShotDetector"/>: histogram candidates
/// confirmed by flow) and returns the <see cref="JobPlan"/>: render size, frame count, frame rate, shots, and
/// the iterations of each pass from the preset. A job that matches colours also gets each shot's colour
/// histogram at render size (<see cref="ShotColors"/>), measured here once so that every segment of a shot
/// uses the same one. The worker commits the plan with the task. A missing or corrupt input, a style file
/// that is not an image, a frame range past the input's end or invalid settings fail the job at once with
/// the reason.
/// </summary>
public sealed class PlanExecutor(ExecutionServices services) : ITaskExecutor
{
    /// <inheritdoc />
    public TaskKind Kind => TaskKind.Plan;

    /// <inheritdoc />
    public async Task<TaskOutcome> ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var spec = context.Job.Spec;
        JobPaths.Check(services, spec);
        var settings = JobSettings.Resolve(spec);
        if (!OpticalFlowFactory.Names.Contains(spec.FlowMethod.Trim().ToLowerInvariant()))
            throw new PermanentTaskException($"the job's flow method '{spec.FlowMethod}' is unknown: use one of {string.Join(", ", OpticalFlowFactory.Names)}");
        // A model a training job stored (job:JOB/NAME) is checked in the copy the stylize tasks will load.
        if (settings.Method == StylizationMethod.Network)
            NetworkModelCheck(StoredModel.IsReference(settings.Model!)
                ? await StoredModel.LocalCopyAsync(services, settings.Model!, cancellationToken).ConfigureAwait(false)
                : settings.Model!);
        else StyleImages.Read(StyleImages.Single(spec));
        var input = LocalPaths.Require(spec.Input, "input");
        VideoInfo info;
        try
        {
            info = await VideoProbe.ProbeAsync(input, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException e)
        {
            throw new PermanentTaskException($"the input {input} does not exist: give the path of a video file or an image-sequence pattern such as frames/%05d.png", e);
        }
        catch (MediaException e)
        {
            throw new PermanentTaskException($"the input {input} cannot be read as a video: {e.Message}", e);
        }
        if (spec.FirstFrame >= info.FrameCount)
            throw new PermanentTaskException($"the input {input} has {info.FrameCount} frames: nothing to render from frame {spec.FirstFrame}; give a range inside 0:{info.FrameCount}");
        var end = Math.Min(spec.EndFrame ?? info.FrameCount, info.FrameCount);
        var (width, height) = settings.RenderSize(info.Width, info.Height);
        var output = OutputTarget.Parse(spec.Output, context.Job.Id);
        await CheckOutputAsync(context.Job, output, info, cancellationToken).ConfigureAwait(false);
        if (output.Format == OutputFormat.H264 && (width % 2 != 0 || height % 2 != 0))
            throw new PermanentTaskException($"the output {spec.Output} is H.264, which needs an even frame size, but the render size is {width}×{height}: set even width and height parameters, or write .mkv");

        CheckAudioFits(spec.Output, target: output, input, info);

        ShotDetection detection;
        try
        {
            detection = await new VideoShotDetector(services.ShotDetector, new DisOpticalFlow())
                .DetectAsync(input, spec.FirstFrame, end, cancellationToken).ConfigureAwait(false);
        }
        catch (MediaException e)
        {
            throw new PermanentTaskException($"the input {input} cannot be decoded: {e.Message}", e);
        }
        var shots = detection.Shots.Select(s => new Grains.Jobs.Shot(s.Index, new FrameRange(s.FirstFrame, s.LastFrameExclusive))).ToList();
        var preset = settings.Preset;
        // A single pass runs the sequential sweep (FrameIterations a frame); more run IterationsPerPass in every pass.
        var iterations = Enumerable.Repeat(spec.Passes == 1 ? preset.FrameIterations : preset.IterationsPerPass, spec.Passes).ToList();
        var plan = new JobPlan(width, height, detection.FrameCount, info.FrameRate.FramesPerSecond, shots, iterations);
        try
        {
            plan.Validate(spec);
        }
        catch (ArgumentException e)
        {
            throw new PermanentTaskException($"the input {input} gave an unusable plan: {e.Message}", e);
        }
        if (settings.MatchColors) await MeasureColorsAsync(context.Job.Id, spec.Input, plan, cancellationToken).ConfigureAwait(false);
        return new TaskOutcome(Plan: plan);
    }

    // DeepMovie §7.1 measures each shot as a whole, at the size it is stylized; one pass over the range keeps no frame.
    private async Task MeasureColorsAsync(JobId job, string input, JobPlan plan, CancellationToken cancellationToken)
    {
        var shot = 0;
        var histogram = new RgbHistogram();
        var frame = plan.FirstFrame;
        await foreach (var image in ContentFrames.StreamAsync(input, plan, plan.Frames, cancellationToken).ConfigureAwait(false))
        {
            histogram.Add(image);
            frame++;
            if (frame != plan.Shots[shot].Frames.End) continue;
            await ShotColors.WriteAsync(services.Artifacts, job, shot, histogram, plan.Shots[shot].FrameCount, plan.Width, plan.Height, cancellationToken)
                .ConfigureAwait(false);
            shot++;
            histogram = new RgbHistogram();
        }
        if (shot != plan.Shots.Count)
            throw new PermanentTaskException($"the input {input} ended at frame {frame} while its shots were measured for colour matching, but the plan runs to frame {plan.Frames.End}");
    }

    // A name the writer refuses (.webm, a pattern without a number) would otherwise fail only after the whole render.
    // A local output must not replace the job's own sources, nor (unless the job says overwrite) anything already there
    // but this job's own committed output, and its folder must take new files: all found before any stylizing.
    private async Task CheckOutputAsync(Job job, OutputTarget target, VideoInfo info, CancellationToken cancellationToken)
    {
        var outputName = job.Spec.Output;
        if (target.LocalPath is { } local)
        {
            var own = await OutputCommit.ExistsAsync(services.Artifacts, job.Id, cancellationToken).ConfigureAwait(false);
            JobPaths.Permanent(() =>
            {
                SameFile.RefuseOutputOverSources(job.Spec);
                OutputPlace.RefuseExisting(local, job.Spec.Overwrite || own);
                OutputPlace.CheckWritable(local);
            });
        }
        try
        {
            await using var writer = new VideoWriter(target.LocalPath ?? Path.Combine(services.WorkFolder, target.FileName),
                new VideoWriterOptions { Format = target.Format, FrameRate = info.FrameRate });
        }
        catch (ArgumentException e)
        {
            throw new PermanentTaskException($"the output {outputName} cannot be written: {e.Message}", e);
        }
    }

    // Codecs ffmpeg's MP4 muxer takes as they are; the encoder copies audio without re-encoding it.
    // A network job's model is read once here, so a wrong file fails the job before any frame is computed.
    private static void NetworkModelCheck(string path)
    {
        LocalPaths.Require(path, "network model");
        try
        {
            NetworkModelFile.ReadHeader(path);
        }
        catch (FileNotFoundException e)
        {
            throw new PermanentTaskException($"the network model {path} does not exist: train one with `stylefarm train`", e);
        }
        catch (InvalidModelFileException e)
        {
            throw new PermanentTaskException($"the network model cannot be used: {e.Message}", e);
        }
    }

    private static readonly string[] Mp4Audio = ["aac", "mp3", "ac3", "eac3", "opus", "alac", "flac"];

    // The encoder copies the input's audio unchanged: an MP4 cannot hold PCM and some others, which would fail only at the very end.
    private static void CheckAudioFits(string outputName, OutputTarget target, string input, VideoInfo info)
    {
        if (!target.IsVideo || MediaInput.IsPattern(input)) return;
        if (Path.GetExtension(target.FileName).ToLowerInvariant() is not (".mp4" or ".m4v")) return;
        var refused = info.AudioStreams.Where(a => !Mp4Audio.Contains(a.Codec)).Select(a => a.Codec).Distinct().ToList();
        if (refused.Count > 0)
            throw new PermanentTaskException($"the input {input} has {string.Join(", ", refused)} audio, which the output {outputName} (MP4) cannot hold: write the output as .mkv or .mov, or convert the input's audio to AAC");
    }
}
