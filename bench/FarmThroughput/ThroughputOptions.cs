using System.Globalization;
using static StyleFarm.Bench.Shared.BenchArguments;

namespace StyleFarm.Bench.Throughput;

/// <summary>
/// The command line. The job: the first <see cref="Frames"/> frames of <see cref="Video"/> scaled to <see cref="Width"/> px,
/// stylized after <see cref="Style"/> with <see cref="Preset"/>, <see cref="Passes"/> passes, segments of
/// <see cref="SegmentLength"/> frames with a halo of <see cref="Halo"/>; run <see cref="Repeats"/> times on each farm size in
/// <see cref="Silos"/> (none: no throughput runs). <see cref="ThreadsPerSilo"/> sets OMP_NUM_THREADS for the silos (null: libtorch's
/// default, every core). <see cref="Kills"/>: how many times to SIGKILL a silo running a task on a 3-silo farm and time its task's recovery (0: never);
/// <see cref="KillTarget"/>: which silos those kills pick (any, default; worker: hosting none of the job's coordination grains; coordinator: hosting some).
/// <see cref="PreviousTable"/>: the printed output of another commit's bench (<see cref="PreviousName"/>, e.g. 1f6322f, the lease engine)
/// that ran the same job, to print beside this build's figures in one table (null: this build's table only).
/// </summary>
internal sealed record ThroughputOptions(
    IReadOnlyList<int> Silos,
    int Repeats,
    int Frames,
    int Width,
    int SegmentLength,
    int Halo,
    int Passes,
    string Preset,
    int? ThreadsPerSilo,
    int Kills,
    KillTarget KillTarget,
    TimeSpan PollInterval,
    TimeSpan JobTimeout,
    string Video,
    string Style,
    string StyleFarm,
    string Work,
    string? PreviousTable,
    string PreviousName)
{
    private const string Usage =
        "--silos 1,2,3|none --kills N --kill-target any|worker|coordinator --repeats N --frames N --width PX --segment-length L --halo H --passes P --preset NAME --threads-per-silo T " +
        "--poll-ms MS --timeout-min M --video PATH --style PATH --stylefarm PATH --work DIR --previous-table FILE --previous-name REV";

    /// <summary>The options of <paramref name="args"/>, defaults for the rest.</summary>
    /// <exception cref="ArgumentException">An option is unknown, lacks its value, or its value is out of range.</exception>
    public static ThroughputOptions Parse(string[] args)
    {
        const string data = "/usr/share/doc/opencv-doc/examples/data";
        IReadOnlyList<int> silos = [1, 2, 3];
        int repeats = 1, kills = 0, frames = 48, width = 128, segmentLength = 12, halo = 2, passes = 2, pollMs = 100, timeoutMin = 30;
        int? threads = null;
        string preset = "preview", video = Path.Combine(data, "vtest.avi"), style = Path.Combine(data, "starry_night.jpg");
        string? stylefarm = null, work = null, previousTable = null;
        var previousName = "previous";
        var killTarget = KillTarget.Any;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value; options: {Usage}");
            switch (name)
            {
                case "--silos": silos = Value() is "none" ? [] : args[i].Split(',').Select(s => Whole(s, name, 1)).Distinct().Order().ToList(); break;
                case "--kills": kills = Whole(Value(), "--kills", 0); break;
                case "--kill-target":
                    killTarget = Value() switch
                    {
                        "any" => KillTarget.Any,
                        "worker" => KillTarget.Worker,
                        "coordinator" => KillTarget.Coordinator,
                        var other => throw new ArgumentException($"--kill-target takes any, worker or coordinator, got '{other}'"),
                    };
                    break;
                case "--repeats": repeats = Whole(Value(), name, 1); break;
                case "--frames": frames = Whole(Value(), name, 1); break;
                case "--width": width = Whole(Value(), name, 1); break;
                case "--segment-length": segmentLength = Whole(Value(), name, 1); break;
                case "--halo": halo = Whole(Value(), "--halo", 0); break;
                case "--passes": passes = Whole(Value(), name, 1); break;
                case "--preset": preset = Value(); break;
                case "--threads-per-silo": threads = Whole(Value(), name, 1); break;
                case "--poll-ms": pollMs = Whole(Value(), name, 1); break;
                case "--timeout-min": timeoutMin = Whole(Value(), name, 1); break;
                case "--video": video = Value(); break;
                case "--style": style = Value(); break;
                case "--stylefarm": stylefarm = Value(); break;
                case "--work": work = Value(); break;
                case "--previous-table": previousTable = Value(); break;
                case "--previous-name": previousName = Value(); break;
                default: throw new ArgumentException($"unknown option {name}; options: {Usage}");
            }
        }
        if (width % 2 != 0) throw new ArgumentException($"--width {width} must be even (H.264 and the scaler need even sides)");
        foreach (var (path, option) in new[] { (video, "--video"), (style, "--style") })
            if (!File.Exists(path)) throw new ArgumentException($"{option} {path} does not exist: install opencv-doc (infra/setup.sh) or give another file");
        if (stylefarm is null || !File.Exists(stylefarm)) throw new ArgumentException($"--stylefarm '{stylefarm}' is not the repository's stylefarm script: run bench/farm-throughput.sh");
        if (previousTable is not null && !File.Exists(previousTable)) throw new ArgumentException($"--previous-table {previousTable} does not exist: run bench/farm-throughput.sh --previous REV");
        if (work is null || !Directory.Exists(work)) throw new ArgumentException($"--work '{work}' is not a folder: run bench/farm-throughput.sh, which makes one and removes it");
        return new ThroughputOptions(silos, repeats, frames, width, segmentLength, halo, passes, preset, threads, kills, killTarget,
            TimeSpan.FromMilliseconds(pollMs), TimeSpan.FromMinutes(timeoutMin), video, style, Path.GetFullPath(stylefarm), Path.GetFullPath(work),
            previousTable, previousName);
    }

}
