using StyleFarm.Grains.Silos;

namespace StyleFarm.Silo.Worker;

/// <summary>How a silo's worker talks to the grains; every default is given here.</summary>
public sealed record GrainWorkerOptions
{
    /// <summary>The silo's name, as attempts and failures name it.</summary>
    public required string Silo { get; init; }

    /// <summary>What the worker offers (tasks needing more are not handed to it).</summary>
    public required WorkerCapabilities Capabilities { get; init; }

    /// <summary>
    /// The longest one grain call may take: asking for work, reading a job, checking or finishing an attempt. A call
    /// into a silo that died would otherwise wait Orleans' whole response timeout (30 s). Default 5 s.
    /// </summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an idle worker waits before asking again. Default 250 ms (an ask is one short grain call).</summary>
    public TimeSpan IdleWait { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often a running task asks its owner whether the attempt still holds (cancelled job, silo taken for dead). Default 2 s.</summary>
    public TimeSpan HoldCheckInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the worker keeps trying to report a finished attempt whose owner is moving to another silo. Default 60 s.</summary>
    public TimeSpan FinishPatience { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The most bytes the flow cache keeps between tasks. Default <see cref="WorkerOptions.DefaultFlowCacheBytes"/>.</summary>
    public long FlowCacheBytes { get; init; } = WorkerOptions.DefaultFlowCacheBytes;
}
