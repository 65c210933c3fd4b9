using StyleFarm.Grains.Jobs;

namespace StyleFarm.Silo.Execution;

/// <summary>The seam error of a finished job, measured over its committed output frames (what the encode task reports).</summary>
public static class JobSeamError
{
    /// <summary>Measures every pair of consecutive frames of every shot of <paramref name="job"/>'s last pass.</summary>
    /// <exception cref="InvalidOperationException">The job has no plan.</exception>
    /// <exception cref="Grains.Artifacts.ArtifactNotFoundException">A frame of the last pass is missing: the job has not finished.</exception>
    public static async Task<SeamError> ComputeAsync(ExecutionServices services, Job job, CancellationToken cancellationToken)
    {
        var plan = job.Plan ?? throw new InvalidOperationException($"job {job.Id} has no plan: it never got past planning");
        var meter = new SeamErrorMeter(services, job, plan);
        var frames = new FrameArtifacts(services.Artifacts);
        var device = services.TorchDevice;
        TorchSharp.torch.Tensor? previous = null;
        var previousShot = -1;
        try
        {
            await foreach (var (frame, shot, image) in FinalFrames.ReadAsync(frames, job, plan, cancellationToken).ConfigureAwait(false))
            {
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
        return meter.Result;
    }
}
