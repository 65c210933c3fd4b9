using System.Security.Cryptography;
using System.Text;
using StyleFarm.Kernels.Flow;
using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.IO;
using StyleFarm.Kernels.Models;
using StyleFarm.Kernels.Shots;
using StyleFarm.Kernels.Temporal;
using StyleFarm.Kernels.Video;

namespace StyleFarm.Kernels.Network.Training;

/// <summary>
/// Training tuples cut from real footage (sec. 5.2.3): the video is split into shots, and from each shot the
/// <see cref="TrainingOptions.TuplesPerShot"/> tuples of 5 consecutive frames whose frames differ most (the squared
/// distance between subsequent frames, summed over the tuple; tuples do not overlap) are kept, at S×S pixels (scaled so
/// the shorter side is S, the centre cut out), with the flow between each pair (DIS or DeepFlow, both ways) and the
/// consistency weights of each warp (eq. 5–7). Each tuple is one safetensors file in a cache folder keyed by the video
/// (path, size, modification time) and the settings, so a video is prepared once; the folder's index is written last,
/// so an interrupted preparation is redone, never half used.
/// </summary>
public static class FootageTuples
{
    /// <summary>Frames per tuple: the longest sample of multi-frame training.</summary>
    public const int Length = FrameSchedule.MaxFrames;

    private const string IndexFile = "tuples.txt";

    /// <summary>The cached tuple files of <paramref name="video"/> at <paramref name="size"/>² pixels, prepared first if needed.</summary>
    public static async Task<IReadOnlyList<string>> PrepareAsync(string video, int size, TrainingOptions options, string cacheRoot,
        IProgress<string>? log, CancellationToken cancel)
    {
        var full = Path.GetFullPath(video);
        var file = new FileInfo(full);
        if (!file.Exists) throw new FileNotFoundException($"training video not found: {video}", full);
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{full}|{file.Length}|{file.LastWriteTimeUtc.Ticks}|{size}|{options.FlowMethod}|{options.TuplesPerShot}|v1")))[..16];
        var folder = Path.Combine(cacheRoot, key);
        var index = Path.Combine(folder, IndexFile);
        if (File.Exists(index))
        {
            var cached = File.ReadAllLines(index).Where(l => l.Length > 0).Select(l => Path.Combine(folder, l)).ToList();
            if (cached.All(File.Exists)) return cached;
        }
        log?.Report($"preparing training tuples of {video} ({options.FlowMethod} flow) in {folder}");
        var flow = OpticalFlowFactory.Create(options.FlowMethod);
        var info = await VideoProbe.ProbeAsync(full, cancellationToken: cancel).ConfigureAwait(false);
        var shots = (await new VideoShotDetector(new ShotDetectorOptions(), flow).DetectAsync(full, 0, info.FrameCount, cancel).ConfigureAwait(false)).Shots;
        var scale = (double)size / Math.Min(info.Width, info.Height);
        var reader = await VideoReader.OpenAsync(full, new VideoReaderOptions
        {
            Width = Math.Max(size, (int)Math.Round(info.Width * scale)),
            Height = Math.Max(size, (int)Math.Round(info.Height * scale)),
        }, cancel).ConfigureAwait(false);

        // Pass 1: the squared distance between subsequent frames, streaming.
        var distances = new double[Math.Max(0, info.FrameCount - 1)];
        RgbFrame? previous = null;
        var t = 0;
        await foreach (var frame in reader.ReadAsync(0, info.FrameCount, cancel).ConfigureAwait(false))
        {
            var current = Crop(frame, size);
            if (previous is not null) distances[t - 1] = SquaredDistance(previous, current);
            previous = current;
            t++;
        }

        // Pass 2: the chosen tuples, with their flows and weights.
        Directory.CreateDirectory(folder);
        var names = new List<string>();
        foreach (var start in shots.SelectMany(s => Choose(s, distances, options.TuplesPerShot)).Order())
        {
            var frames = new List<RgbFrame>(Length);
            await foreach (var frame in reader.ReadAsync(start, start + Length, cancel).ConfigureAwait(false)) frames.Add(Crop(frame, size));
            var name = $"tuple{start:D7}.safetensors";
            await Task.Run(() => Write(Path.Combine(folder, name), frames, flow), cancel).ConfigureAwait(false);
            names.Add(name);
        }
        if (names.Count == 0)
            throw new InvalidDataException($"{video}: no shot has the {Length} frames a training tuple needs");
        using (var partial = new PartialFile(index))
        {
            File.WriteAllLines(partial.TempPath, names);
            partial.Commit();
        }
        return names.Select(n => Path.Combine(folder, n)).ToList();
    }

    /// <summary>The clip stored in a tuple file.</summary>
    public static TrainingClip Load(string path)
    {
        using var file = SafeTensorsFile.Open(path);
        try
        {
            var shape = file.GetInfo("frames").Shape;
            var (n, h, w) = ((int)shape[0], (int)shape[1], (int)shape[2]);
            var pixels = file.ReadBytes("frames");
            var flows = file.ReadFloats("flows");
            var masks = file.ReadFloats("masks");
            var plane = h * w;
            var frames = Enumerable.Range(0, n).Select(k => new RgbFrame(w, h, pixels.AsSpan(k * plane * 3, plane * 3).ToArray())).ToList();
            var flowFields = Enumerable.Range(0, n - 1).Select(k => new FlowField(w, h, flows.AsSpan(k * plane * 2, plane * 2).ToArray())).ToList();
            var maskPlanes = Enumerable.Range(0, n - 1).Select(k => masks.AsSpan(k * plane, plane).ToArray()).ToList();
            return new TrainingClip(frames, flowFields, maskPlanes);
        }
        catch (Exception e) when (e is KeyNotFoundException or ArgumentException or IndexOutOfRangeException)
        {
            throw new InvalidModelFileException(path, $"not a training tuple ({e.Message}); delete the cache folder {Path.GetDirectoryName(path)} to prepare it again");
        }
    }

    // The starts of the shot's most differing tuples, largest first, none overlapping another.
    private static IEnumerable<int> Choose(Shot shot, double[] distances, int count)
    {
        var candidates = Enumerable.Range(shot.FirstFrame, Math.Max(0, shot.FrameCount - Length + 1))
            .Select(s => (Start: s, Score: Enumerable.Range(s, Length - 1).Sum(i => distances[i])))
            .OrderByDescending(c => c.Score).ThenBy(c => c.Start);
        var chosen = new List<int>();
        foreach (var (start, _) in candidates)
        {
            if (chosen.Count == count) break;
            if (chosen.All(c => Math.Abs(c - start) >= Length)) chosen.Add(start);
        }
        return chosen;
    }

    private static void Write(string path, IReadOnlyList<RgbFrame> frames, IOpticalFlow flow)
    {
        var size = frames[0].Width;
        var plane = size * size;
        var pixels = new byte[Length * plane * 3];
        for (var k = 0; k < Length; k++) frames[k].Pixels.CopyTo(pixels, k * plane * 3);
        var flows = new float[(Length - 1) * plane * 2];
        var masks = new float[(Length - 1) * plane];
        for (var k = 0; k + 1 < Length; k++)
        {
            var back = flow.Compute(frames[k + 1], frames[k]);    // frame k + 1 → k: warps output k onto frame k + 1
            var forward = flow.Compute(frames[k], frames[k + 1]);
            back.Data.CopyTo(flows, k * plane * 2);
            ConsistencyMap.Compute(back, forward, ConsistencyOptions.Paper).CopyTo(masks, k * plane); // eq. 5–7 on frame k + 1's pixels
        }
        new SafeTensorsWriter()
            .AddBytes("frames", SafeTensorsDType.U8, [Length, size, size, 3], pixels)
            .Add("flows", [Length - 1, size, size, 2], flows)
            .Add("masks", [Length - 1, size, size], masks)
            .Write(path);
    }

    // The centre S×S of a frame whose shorter side is S.
    private static RgbFrame Crop(RgbFrame frame, int size)
    {
        if (frame.Width == size && frame.Height == size) return frame;
        var (left, top) = ((frame.Width - size) / 2, (frame.Height - size) / 2);
        var pixels = new byte[size * size * 3];
        for (var y = 0; y < size; y++)
            Array.Copy(frame.Pixels, ((top + y) * frame.Width + left) * 3, pixels, y * size * 3, size * 3);
        return new RgbFrame(size, size, pixels);
    }

    private static double SquaredDistance(RgbFrame a, RgbFrame b)
    {
        double sum = 0;
        for (var i = 0; i < a.Pixels.Length; i++)
        {
            var d = a.Pixels[i] - b.Pixels[i];
            sum += d * d;
        }
        return sum;
    }
}
