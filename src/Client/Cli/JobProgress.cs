using StyleFarm.Silo.Api;

namespace StyleFarm.Client.Cli;

/// <summary>
/// How far a job is, counted in frames per pass: a multi-pass job's last pass runs last, so its frames done (by the
/// last pass) stay 0 for most of the job; the pass being worked on and its frames show the progress instead.
/// </summary>
/// <param name="Pass">The pass being worked on, from 1: the first whose frames are not all done (the last once all are).</param>
/// <param name="Passes">The job's passes.</param>
/// <param name="PassFramesDone">Frames of <paramref name="Pass"/> done.</param>
/// <param name="Frames">Frames per pass; null until the plan task has probed the input.</param>
/// <param name="Done">Frames done over all passes.</param>
/// <param name="Total">Frames to do over all passes (frames × passes); 0 until planned.</param>
public sealed record JobProgress(int Pass, int Passes, int PassFramesDone, int? Frames, int Done, int Total)
{
    /// <summary>The progress of <paramref name="job"/>.</summary>
    public static JobProgress Of(JobView job)
    {
        var passes = Math.Max(1, job.Passes);
        if (job.FramesTotal is not { } frames) return new JobProgress(1, passes, 0, null, 0, 0);
        // A server without per-pass counts reports the last pass only.
        var byPass = job.FramesDoneByPass is { Count: > 0 } counts ? counts.ToArray() : [.. new int[passes - 1], job.FramesDone];
        var pass = Array.FindIndex(byPass, f => f < frames) is var open and >= 0 ? open + 1 : byPass.Length;
        return new JobProgress(pass, byPass.Length, byPass[pass - 1], frames, byPass.Sum(), frames * byPass.Length);
    }

    /// <summary>"pass 2/3, frames 4/6" ("frames 4/6" for one pass; "not planned yet" before the plan).</summary>
    public string Text() => Frames is not { } frames
        ? "not planned yet"
        : Passes == 1 ? $"frames {PassFramesDone}/{frames}" : $"pass {Pass}/{Passes}, frames {PassFramesDone}/{frames}";

    /// <summary>"ETA 1h 02m", "ETA 3m 20s", "ETA 45s"; "ETA unknown" without a measured rate.</summary>
    public static string EtaText(TimeSpan? eta) => eta switch
    {
        null => "ETA unknown",
        { TotalHours: >= 1 } t => $"ETA {(int)t.TotalHours}h {t.Minutes:00}m",
        { TotalMinutes: >= 1 } t => $"ETA {t.Minutes}m {t.Seconds:00}s",
        { } t => $"ETA {Math.Ceiling(t.TotalSeconds):0}s",
    };
}
