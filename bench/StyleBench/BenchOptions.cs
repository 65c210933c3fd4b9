using System.Globalization;
using static StyleFarm.Bench.Shared.BenchArguments;

namespace StyleFarm.Bench.Style;

/// <summary>The command line: --threads N, --repeats N, --warmup N, --sizes WxH,..., --python PATH, --script PATH, --breakdown,
/// --check WxH (compare loss and gradient with the reference at that size; 0x0 skips it).</summary>
internal sealed record BenchOptions(int Threads, int Repeats, int Warmup, IReadOnlyList<(int Width, int Height)> Sizes,
    string Python, string Script, bool Breakdown, (int Width, int Height)? Check)
{
    public static BenchOptions Parse(string[] args)
    {
        var threads = Math.Min(Environment.ProcessorCount, 2);
        var repeats = 5;
        var warmup = 1;
        var sizes = "256x144,512x218";
        var python = "/usr/bin/python3";
        string? script = null;
        var breakdown = false;
        (int, int)? check = (96, 64);
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--threads": threads = Whole(Value(), "--threads", 1); break;
                case "--repeats": repeats = Whole(Value(), "--repeats", 1); break;
                case "--warmup": warmup = Whole(Value(), "--warmup", 0); break;
                case "--sizes": sizes = Value(); break;
                case "--python": python = Value(); break;
                case "--script": script = Value(); break;
                case "--breakdown": breakdown = true; break;
                case "--check": check = Value() is "0x0" or "none" ? null : ParseSize(args[i]); break;
                default:
                    throw new ArgumentException(
                        $"unknown option {args[i]}; use --threads N --repeats N --warmup N --sizes 256x144,512x218 --python PATH --script PATH --breakdown --check WxH|none");
            }
        }
        return new BenchOptions(threads, repeats, warmup, sizes.Split(',').Select(ParseSize).ToList(), python,
            script ?? FindScript(), breakdown, check);
    }


    private static (int, int) ParseSize(string text)
    {
        var parts = text.Split('x');
        if (parts.Length == 2 && int.TryParse(parts[0], out var w) && int.TryParse(parts[1], out var h) && w >= 16 && h >= 16)
            return (w, h);
        throw new ArgumentException($"size '{text}' is not WIDTHxHEIGHT with both sides at least 16 (relu5_1 needs 16 pixels)");
    }

    // The script sits in bench/reference of the checkout the program was built from.
    private static string FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "bench", "reference", "style_ref.py");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("bench/reference/style_ref.py not found above the program's folder; pass --script PATH");
    }
}
