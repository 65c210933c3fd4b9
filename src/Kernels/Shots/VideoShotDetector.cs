using StyleFarm.Kernels.Flow;
using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Temporal;
using StyleFarm.Kernels.Video;

namespace StyleFarm.Kernels.Shots;

/// <summary>
/// Splits a video into shots: colour histograms propose cuts (one streaming pass at low resolution),
/// then the optical flow between the two frames of each candidate confirms it.
/// </summary>
public sealed class VideoShotDetector(ShotDetectorOptions options, IOpticalFlow flow)
{
    /// <summary>The shots of frames [<paramref name="start"/>, <paramref name="end"/>) of <paramref name="path"/>.</summary>
    public async Task<ShotDetection> DetectAsync(string path, int start, int end, CancellationToken cancel = default)
    {
        var info = await VideoProbe.ProbeAsync(MediaInput.FromPath(path), cancel);
        var small = await ReaderAtWidth(path, info, options.HistogramWidth, cancel);
        // One streaming pass: the detector keeps only the previous frame's histogram.
        var histogramCuts = new HistogramCutDetector(options.Histogram).Detect(small.ReadAsync(start, end, cancel).ToBlockingEnumerable(cancel));

        var confirmer = new FlowCutConfirmer(flow, ConsistencyOptions.Paper, options.Confirmation);
        var flowReader = await ReaderAtWidth(path, info, options.FlowWidth, cancel);
        var candidates = new List<CutCandidate>();
        var frames = new List<RgbFrame>(2);
        foreach (var cut in histogramCuts.Cuts)
        {
            frames.Clear();
            await foreach (var frame in flowReader.ReadAsync(start + cut.Frame - 1, start + cut.Frame + 1, cancel)) frames.Add(frame);
            var confirmed = confirmer.IsCut(frames[0], frames[1], out var reliable);
            candidates.Add(new CutCandidate(start + cut.Frame, cut.Distance, reliable, confirmed));
        }
        var relativeCuts = candidates.Where(c => c.Confirmed).Select(c => c.Frame - start);
        var shots = Shot.FromCuts(relativeCuts, histogramCuts.FrameCount)
            .Select(s => s with { FirstFrame = s.FirstFrame + start, LastFrameExclusive = s.LastFrameExclusive + start })
            .ToArray();
        return new ShotDetection(start, histogramCuts.FrameCount, shots, candidates);
    }

    private static async Task<VideoReader> ReaderAtWidth(string path, VideoInfo info, int width, CancellationToken cancel)
    {
        if (info.Width <= width) return await VideoReader.OpenAsync(path, cancellationToken: cancel);
        // Even sizes keep every pixel format happy; the aspect ratio is kept.
        var height = Math.Max(2, (int)Math.Round(info.Height * (double)width / info.Width / 2) * 2);
        return await VideoReader.OpenAsync(path, new VideoReaderOptions { Width = width, Height = height }, cancel);
    }
}
