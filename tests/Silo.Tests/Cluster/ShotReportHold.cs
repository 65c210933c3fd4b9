using StyleFarm.Grains.Cluster;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Silo.Tests.Cluster;

/// <summary>
/// Plays a shot's report that travels slowly (reports go one way, and under load or behind a directory lookup they can
/// arrive late): from the second report that names a failed task on, each is held in its sender's outgoing call filter
/// until the job's next <see cref="IJobGrain.RetryFailedAsync"/> begins, which then waits <see cref="Settle"/> so the
/// released reports queue at the job ahead of what the retry itself causes. The first such report (the one that fails the
/// job) passes.
/// </summary>
public sealed class ShotReportHold
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _failureReports;
    private int _held;

    /// <summary>How long the retry waits after releasing the held reports.</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How many reports are held now or were held.</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>The outgoing filter (<c>silo.AddOutgoingGrainCallFilter(hold.OutgoingAsync)</c>).</summary>
    public async Task OutgoingAsync(IOutgoingGrainCallContext context)
    {
        if (context.MethodName == nameof(IJobGrain.ShotChangedAsync) && context.Request.GetArgument(1) is ShotProgress progress
            && progress.Counts[(int)TaskState.Failed] > 0 && Interlocked.Increment(ref _failureReports) > 1)
        {
            Interlocked.Increment(ref _held);
            await _release.Task;
        }
        await context.Invoke();
    }

    /// <summary>The incoming filter (<c>silo.AddIncomingGrainCallFilter(hold.IncomingAsync)</c>).</summary>
    public async Task IncomingAsync(IIncomingGrainCallContext context)
    {
        if (context.Grain is IJobGrain && context.MethodName == nameof(IJobGrain.RetryFailedAsync))
        {
            _release.TrySetResult();
            await Task.Delay(Settle);
        }
        await context.Invoke();
    }
}
