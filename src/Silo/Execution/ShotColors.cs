using System.Text.Json;
using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Jobs;
using StyleFarm.Kernels.Color;
using StyleFarm.Kernels.Imaging;

namespace StyleFarm.Silo.Execution;

/// <summary>
/// A shot's colour histogram for DeepMovie §7.1 colour matching, as JSON under
/// <see cref="ArtifactKey.ShotColors"/>. The measurement is over the whole shot, but a shot may be cut into
/// segments stylized on different silos: the plan task measures every shot once (it reads all frames
/// anyway) and every flow and stylize task of the shot rebuilds the same <see cref="ShotColorMatching"/>
/// from it, so all segments recolour with the same tables.
/// </summary>
public static class ShotColors
{
    /// <summary>Commits the histogram of <paramref name="frameCount"/> frames of <paramref name="width"/>×<paramref name="height"/> of shot <paramref name="shot"/>.</summary>
    public static Task WriteAsync(IArtifactStore store, JobId job, int shot, RgbHistogram histogram, int frameCount, int width, int height,
        CancellationToken cancellationToken)
    {
        var counts = Enumerable.Range(0, 3)
            .Select(c => Enumerable.Range(0, ChannelHistogram.Levels).Select(level => histogram[c][level]).ToArray())
            .ToArray();
        var document = new ColorsDocument(frameCount, width, height, counts[0], counts[1], counts[2]);
        return store.PutAsync(ArtifactKey.ShotColors(job, shot), JsonSerializer.SerializeToUtf8Bytes(document), cancellationToken);
    }

    /// <summary>The colour matching of shot <paramref name="shot"/> to <paramref name="style"/>, from the histogram the plan task stored.</summary>
    /// <exception cref="ArtifactNotFoundException">The plan task stored none (it ran without colour matching).</exception>
    /// <exception cref="InvalidDataException">The object is not such a histogram.</exception>
    public static async Task<ShotColorMatching> ReadAsync(IArtifactStore store, JobId job, int shot, RgbFrame style, CancellationToken cancellationToken)
    {
        var key = ArtifactKey.ShotColors(job, shot);
        var bytes = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
        try
        {
            var document = JsonSerializer.Deserialize<ColorsDocument>(bytes) ?? throw new InvalidDataException($"{key} holds no histogram");
            var histogram = new RgbHistogram();
            long[][] channels = [document.Red, document.Green, document.Blue];
            for (var c = 0; c < 3; c++)
            {
                if (channels[c] is not { Length: ChannelHistogram.Levels })
                    throw new InvalidDataException($"{key}: channel {c} has {channels[c]?.Length ?? 0} levels instead of {ChannelHistogram.Levels}");
                for (var level = 0; level < ChannelHistogram.Levels; level++) histogram[c].Add((byte)level, channels[c][level]);
            }
            return ShotColorMatching.FromHistogram(histogram, document.Frames, document.Width, document.Height, style);
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw new InvalidDataException($"{key} is not a shot's colour histogram: {e.Message}", e);
        }
    }

    private sealed record ColorsDocument(int Frames, int Width, int Height, long[] Red, long[] Green, long[] Blue);
}
