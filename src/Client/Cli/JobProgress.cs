using System.Globalization;
using StyleFarm.Kernels.Network;
using StyleFarm.Silo.Api;
using StyleFarm.Silo.Execution;

namespace StyleFarm.Client.Cli;

/// <summary>
/// How far a job is. A render counts frames per pass: a multi-pass job's last pass runs last, so its frames done (by the
/// last pass) stay 0 for most of the job; the pass being worked on and its frames show the progress instead. A training
/// job counts iterations, with its latest loss terms and, once stored, its model.
/// </summary>
/// <param name="Pass">The pass being worked on, from 1: the first whose frames are not all done (the last once all are).</param>
/// <param name="Passes">The job's passes.</param>
/// <param name="PassFramesDone">Frames of <paramref name="Pass"/> done.</param>
/// <param name="Frames">Frames per pass; null until the plan task has probed the input (and for a training job).</param>
/// <param name="Done">Units done: frames over all passes, or a training job's iterations.</param>
/// <param name="Total">Units to do: frames × passes (0 until planned), or a training job's iteration budget.</param>
/// <param name="Training">A training job's status as its task last stored it; null for a render.</param>
public sealed record JobProgress(int Pass, int Passes, int PassFramesDone, int? Frames, int Done, int Total, TrainingStatus? Training = null)
{
    /// <summary>The progress of <paramref name="job"/>.</summary>
    public static JobProgress Of(JobView job)
    {
        if (job.Training is { } training) return new JobProgress(1, 1, 0, null, training.Iteration, training.Iterations, training);
        var passes = Math.Max(1, job.Passes);
        if (job.FramesTotal is not { } frames) return new JobProgress(1, passes, 0, null, 0, 0);
        // A server without per-pass counts reports the last pass only.
        var byPass = job.FramesDoneByPass is { Count: > 0 } counts ? counts.ToArray() : [.. new int[passes - 1], job.FramesDone];
        var pass = Array.FindIndex(byPass, f => f < frames) is var open and >= 0 ? open + 1 : byPass.Length;
        return new JobProgress(pass, byPass.Length, byPass[pass - 1], frames, byPass.Sum(), frames * byPass.Length);
    }

    /// <summary>Whether the work to do is known, so a rate and an ETA can be measured: a planned render, or any training job.</summary>
    public bool Measurable => Frames is not null || Training is not null;

    /// <summary>
    /// "pass 2/3, frames 4/6" ("frames 4/6" for one pass; "not planned yet" before the plan); a training job's
    /// "iteration 12/32, loss 12.3 (content 4.1, style 8.0, temporal 0.2, tv 0.01)", ending ", model job:JOB/NAME" once stored.
    /// </summary>
    public string Text()
    {
        if (Training is { } t)
        {
            var text = $"iteration {t.Iteration}/{t.Iterations}";
            if (t.Latest is { } latest) text += $", {LossText(latest)}";
            return t.Model is { } model ? $"{text}, model {model}" : text;
        }
        return Frames is not { } frames
            ? "not planned yet"
            : Passes == 1 ? $"frames {PassFramesDone}/{frames}" : $"pass {Pass}/{Passes}, frames {PassFramesDone}/{frames}";
    }

    /// <summary>What watch adds after the work done while the job is active: ", 2.5 it/s, ETA 10s" for a training job, ", ETA 10s" for a render; "" before either is measurable.</summary>
    public string PaceText(double? perSecond, TimeSpan? eta)
    {
        if (!Measurable) return "";
        return Training is not null && perSecond is { } rate
            ? string.Create(CultureInfo.InvariantCulture, $", {rate:G3} it/s, {EtaText(eta)}")
            : $", {EtaText(eta)}";
    }

    /// <summary>"loss 12.3 (content 4.1, style 8.0, temporal 0.2, tv 0.01)": the weighted terms and their sum.</summary>
    public static string LossText(LossPoint l) => string.Create(CultureInfo.InvariantCulture,
        $"loss {l.Total:G4} (content {l.Content:G3}, style {l.Style:G3}, temporal {l.Temporal:G3}, tv {l.TotalVariation:G2})");

    /// <summary>"ETA 1h 02m", "ETA 3m 20s", "ETA 45s"; "ETA unknown" without a measured rate.</summary>
    public static string EtaText(TimeSpan? eta) => eta switch
    {
        null => "ETA unknown",
        { TotalHours: >= 1 } t => $"ETA {(int)t.TotalHours}h {t.Minutes:00}m",
        { TotalMinutes: >= 1 } t => $"ETA {t.Minutes}m {t.Seconds:00}s",
        { } t => $"ETA {Math.Ceiling(t.TotalSeconds):0}s",
    };
}
