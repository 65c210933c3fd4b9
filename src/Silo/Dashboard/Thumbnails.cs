using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Jobs;
using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Video;
using StyleFarm.Silo.Execution;

namespace StyleFarm.Silo.Dashboard;

/// <summary>
/// Small JPEG thumbnails for the job page: a stylized frame from the artifact store beside the same frame of the
/// input. JPEG because a 160-pixel-wide frame is 2–5 KB that way, several times less than as PNG; made by ffmpeg,
/// which the silo already runs. Kept in a small cache: every browser watching a job asks for the same few frames.
/// </summary>
public sealed class Thumbnails(IArtifactStore artifacts, DashboardOptions options)
{
    private readonly ThumbnailCache _cache = new(options.ThumbnailCacheEntries);

    /// <summary>The thumbnail of the stylized frame under <paramref name="key"/>; <paramref name="version"/> tells a retried task's new frame from the old one.</summary>
    /// <exception cref="ArtifactNotFoundException">No frame is committed there.</exception>
    public async Task<byte[]> StylizedAsync(ArtifactKey key, string version, CancellationToken cancellationToken)
    {
        var cacheKey = $"{key.Value}@{version}";
        if (_cache.TryGet(cacheKey, out var cached)) return cached;
        var frame = Png16.Decode(await artifacts.GetAsync(key, cancellationToken).ConfigureAwait(false), key.Value);
        var jpeg = await EncodeAsync(frame.ToRgbFrame().Pixels, frame.Width, frame.Height, key.Value, cancellationToken).ConfigureAwait(false);
        _cache.Add(cacheKey, jpeg);
        return jpeg;
    }

    /// <summary>The thumbnail of input frame <paramref name="frame"/> of <paramref name="job"/>.</summary>
    /// <exception cref="MediaException">The input cannot be read there (moved, deleted, or the frame is past its end).</exception>
    public async Task<byte[]> InputAsync(Job job, int frame, CancellationToken cancellationToken)
    {
        var cacheKey = $"{job.Id}/input/{frame}";
        if (_cache.TryGet(cacheKey, out var cached)) return cached;
        var reader = await VideoReader.OpenAsync(job.Spec.Input, cancellationToken: cancellationToken).ConfigureAwait(false);
        RgbFrame? image = null;
        await foreach (var read in reader.ReadAsync(frame, frame + 1, cancellationToken).ConfigureAwait(false)) image = read;
        if (image is null) throw new MediaException($"frame {frame} of the input could not be read", MediaInput.Redact(job.Spec.Input));
        var jpeg = await EncodeAsync(image.Pixels, image.Width, image.Height, MediaInput.Redact(job.Spec.Input), cancellationToken).ConfigureAwait(false);
        _cache.Add(cacheKey, jpeg);
        return jpeg;
    }

    // Raw RGB in, one scaled JPEG out; quality 7 (of ffmpeg's 2–31) keeps a thumbnail at a few KB without visible blocks.
    private async Task<byte[]> EncodeAsync(byte[] rgb, int width, int height, string subject, CancellationToken cancellationToken)
    {
        await using var process = MediaProcess.Start("ffmpeg",
            ["-nostdin", "-v", "error", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", $"{width}x{height}", "-i", "pipe:0",
             "-vf", $"scale={Math.Min(options.ThumbnailWidth, width)}:-2:flags=area", "-frames:v", "1", "-c:v", "mjpeg", "-q:v", "7",
             "-f", "image2pipe", "pipe:1"], subject, withInput: true);
        await using var registration = process.KillOnCancel(cancellationToken);
        using var output = new MemoryStream();
        var reading = process.Output.CopyToAsync(output, CancellationToken.None);
        await process.Input.WriteAsync(rgb, CancellationToken.None).ConfigureAwait(false);
        process.CloseInput();
        await reading.ConfigureAwait(false);
        await process.EnsureSuccessAsync($"could not make a thumbnail of {subject}", cancellationToken).ConfigureAwait(false);
        return output.ToArray();
    }
}
