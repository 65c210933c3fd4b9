using static StyleFarm.Bench.Shared.BenchArguments;

namespace StyleFarm.Bench.Quality;

/// <summary>
/// The command line: --presets preview,balanced (paper: add it, it takes hours on a CPU), --size 96x72, --frames N (10),
/// --passes N (the multi-pass rows; 0 leaves them out; default 4), --seam-iterations 2,3,10 (iterations per pass of the
/// seam rows), --seam-segments 3,8 (the segment counts of the seam rows' shots), --seam-jobs one,multi (the one-pass rows, the
/// multi-pass rows, or both: the default), --seam-size 64x48, --segment-length L (4), --halo h (2), --no-seams, --seams-only,
/// --dump DIR (side-by-side PNGs, and the seam rows' input frames as seam-input-N/%05d.png), --frame-losses (instead of the
/// tables: each frame's style and content term on the seam rows' inputs at each of their iterations, after every pass of the
/// shot kept whole and from the farm's segmented render; with --dump, the farm's frames as frames-FRAMES-PRESET-ITERATIONS-N.png).
/// </summary>
internal sealed record QualityOptions(IReadOnlyList<string> Presets, int Width, int Height, int Frames, int Passes,
    IReadOnlyList<int> SeamIterations, IReadOnlyList<int> SeamSegments, bool OnePassSeams, bool MultiPassSeams, int SeamWidth, int SeamHeight, int SegmentLength, int Halo, bool Seams, bool Exact, string? Dump, bool FrameLosses)
{
    public static QualityOptions Parse(string[] args)
    {
        var presets = "preview,balanced";
        var (width, height) = (96, 72);
        var frames = 10;
        var passes = 4;
        var seamIterations = "2,3,10";
        var seamSegments = "3,8";
        var seamJobs = "one,multi";
        var (seamWidth, seamHeight) = (64, 48);
        var (segmentLength, halo) = (4, 2);
        var seams = true;
        var exact = true;
        string? dump = null;
        var frameLosses = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--presets": presets = Value(); break;
                case "--size": (width, height) = Size(Value()); break;
                case "--frames": frames = Whole(Value(), "--frames", 2); break;
                case "--passes": passes = Whole(Value(), "--passes", 0); break;
                case "--seam-iterations": seamIterations = Value(); break;
                case "--seam-segments": seamSegments = Value(); break;
                case "--seam-jobs": seamJobs = Value(); break;
                case "--seam-size": (seamWidth, seamHeight) = Size(Value()); break;
                case "--segment-length": segmentLength = Whole(Value(), "--segment-length", 2); break;
                case "--halo": halo = Whole(Value(), "--halo", 0); break;
                case "--no-seams": seams = false; break;
                case "--seams-only": exact = false; break;
                case "--dump": dump = Value(); break;
                case "--frame-losses": frameLosses = true; break;
                default:
                    throw new ArgumentException($"unknown option {args[i]}; use --presets preview,balanced,paper --size WxH --frames N --passes N " +
                        "--seam-iterations 2,3,10 --seam-segments 3,8 --seam-jobs one,multi --seam-size WxH --segment-length L --halo h --no-seams --seams-only --dump DIR --frame-losses");
            }
        }
        return new QualityOptions(presets.Split(',', StringSplitOptions.RemoveEmptyEntries), width, height, frames, passes,
            seamIterations.Split(',').Select(s => Whole(s, "--seam-iterations", 1)).ToList(),
            seamSegments.Split(',').Select(s => Whole(s, "--seam-segments", 2)).ToList(), Jobs(seamJobs).Contains("one"), Jobs(seamJobs).Contains("multi"), seamWidth, seamHeight, segmentLength, halo, seams, exact, dump, frameLosses);
    }

    private static string[] Jobs(string text) =>
        text.Split(',') is var jobs && jobs.All(j => j is "one" or "multi") ? jobs
            : throw new ArgumentException($"--seam-jobs takes one, multi or one,multi, got '{text}'");

    private static (int, int) Size(string text)
    {
        var parts = text.Split('x');
        if (parts.Length == 2 && int.TryParse(parts[0], out var w) && int.TryParse(parts[1], out var h) && w >= 32 && h >= 32) return (w, h);
        throw new ArgumentException($"size '{text}' is not WIDTHxHEIGHT with both sides at least 32");
    }
}
