using Orleans.TestingHost;
using StyleFarm.Grains.Cluster;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Silo.Tests.Cluster;

/// <summary>
/// The protocol of a worker silo without executors: ask the dispatcher with short calls, finish with the attempt's
/// token. Its calls go from its silo, as a worker's hosted service's do.
/// </summary>
public sealed class TestWorker(IGrainFactory grains, string address, string name, WorkerCapabilities? capabilities = null)
{
    public static readonly WorkerCapabilities Cpu = new(0, 0, 64L << 30);

    /// <summary>A worker on <paramref name="silo"/> of an in-process test cluster.</summary>
    public TestWorker(GrainFarm farm, InProcessSiloHandle silo, string name, WorkerCapabilities? capabilities = null)
        : this(farm.Grains(silo), silo.SiloAddress.ToParsableString(), name, capabilities)
    {
    }

    public string Name => name;

    public string Address => address;

    public IGrainFactory Grains => grains;

    /// <summary>One ask: a grant or null.</summary>
    public Task<WorkGrant?> AskAsync(params SegmentRef[] cached) =>
        TaskOwners.Dispatcher(Grains).RequestWorkAsync(new WorkRequest
        {
            Silo = name, SiloAddress = Address, Capabilities = capabilities ?? Cpu, CachedSegments = cached,
        });

    /// <summary>Asks until a grant comes (offers travel one way, so a just-readied task arrives a moment later), within a deadline.</summary>
    public async Task<WorkGrant> TakeAsync(TimeSpan? patience = null, params SegmentRef[] cached)
    {
        using var deadline = new CancellationTokenSource(patience ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            if (await AskAsync(cached) is { } grant) return grant;
            await Task.Delay(20, deadline.Token);
        }
    }

    /// <summary>Waits (within a deadline) until <paramref name="count"/> offers wait at the dispatcher: offers from several owners arrive in any order.</summary>
    public async Task WaitForOffersAsync(int count)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while ((await TaskOwners.Dispatcher(Grains).CountsAsync()).Waiting < count) await Task.Delay(20, deadline.Token);
    }

    /// <summary>Waits until <paramref name="count"/> offers wait at the dispatcher, asking again while it moves off a killed silo.</summary>
    public async Task WaitForOffersThroughMovesAsync(int count, TimeSpan patience)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < patience)
        {
            try
            {
                if ((await TaskOwners.Dispatcher(Grains).CountsAsync().WaitAsync(TimeSpan.FromSeconds(2))).Waiting >= count) return;
            }
            catch (Exception e) when (e is TimeoutException or OrleansException)
            {
                // The dispatcher's silo died: the next call activates it elsewhere.
            }
            await Task.Delay(20);
        }
        throw new TimeoutException($"fewer than {count} offers waited at the dispatcher after {patience.TotalSeconds:0} s");
    }

    /// <summary>Commits the attempt (a plan task with <paramref name="plan"/>).</summary>
    public Task<bool> CommitAsync(WorkGrant grant, JobPlan? plan = null) =>
        TaskOwners.Of(Grains, grant.Task.Id).FinishAsync(new AttemptResult { Task = grant.Task.Id, Token = grant.Token, Plan = plan });

    /// <summary>Reports the attempt failed with <paramref name="error"/>.</summary>
    public Task<bool> FailAsync(WorkGrant grant, string error, bool permanent = false) =>
        TaskOwners.Of(Grains, grant.Task.Id).FinishAsync(new AttemptResult { Task = grant.Task.Id, Token = grant.Token, Error = error, Permanent = permanent });

    public IJobGrain Job(JobId id) => Grains.GetGrain<IJobGrain>(id.ToString());

    /// <summary>Runs job <paramref name="id"/> to Succeeded by committing every task it is handed (the plan task with <paramref name="plan"/>).</summary>
    public async Task RunToSuccessAsync(JobId id, JobPlan plan)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await Job(id).GetAsync())!.State != JobState.Succeeded)
        {
            deadline.Token.ThrowIfCancellationRequested();
            var grant = await TakeAsync();
            Assert.True(await CommitAsync(grant, grant.Task.Id.Kind == TaskKind.Plan ? plan : null));
        }
    }
}
