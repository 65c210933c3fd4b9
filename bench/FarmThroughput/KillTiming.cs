using System.Globalization;

namespace StyleFarm.Bench.Throughput;

/// <summary>
/// One SIGKILL and what followed, each time from the kill: membership declared the victim dead (the first surviving silo's
/// log line), its task was Ready and offered again (its shot took it back, or activated elsewhere and offered it), a
/// surviving silo had no task of the job (a poll saw it free to take the lost one: before that the task waits for a busy farm),
/// the new attempt was granted (its lease's start), and the bench saw it running on another silo (or done). Null: not seen.
/// <see cref="Moved"/>: the coordination grains (dispatcher, job, shots) deactivated on surviving silos after the kill, which must be 0.
/// </summary>
internal sealed record KillTiming(
    int Kill,
    string Victim,
    string Roles,
    GrainHosting Hosted,
    string Task,
    string? RunningOn,
    TimeSpan? Dead,
    TimeSpan? Queued,
    TimeSpan? Free,
    TimeSpan? Granted,
    TimeSpan Running,
    TimeSpan? DispatcherBack,
    int Moved)
{
    /// <summary>The task had committed before the kill took effect: nothing was lost, so it counts apart from the recoveries.</summary>
    public bool FoundDone => RunningOn is null;

    /// <summary>From the first poll with a survivor free to the new attempt's start: the coordination's part when every survivor was busy.</summary>
    public TimeSpan? GrantedAfterFree => Granted is { } g && Free is { } f ? g - f : null;

    /// <summary>The kill's line of the bench's output.</summary>
    public override string ToString()
    {
        var where = RunningOn is null ? "done again" : $"running on {RunningOn}";
        var dispatcher = DispatcherBack is { } d ? $"; dispatcher active again {S(d)}" : "";
        var afterFree = GrantedAfterFree is { } a ? string.Create(CultureInfo.InvariantCulture, $" (granted - free {a.TotalSeconds:F2} s)") : "";
        return $"  kill {Kill}: {Victim} (roles {Roles}; hosted {Hosted}) running {Task}: dead {S(Dead)}, queued {S(Queued)}, a survivor free {S(Free)}, " +
               $"granted {S(Granted)}{afterFree}, {where} {S(Running)}{dispatcher}; grains deactivated on survivors {Moved}";
    }

    private static string S(TimeSpan? t) => t is { } v ? string.Create(CultureInfo.InvariantCulture, $"+{v.TotalSeconds:F2} s") : "unseen";
}
