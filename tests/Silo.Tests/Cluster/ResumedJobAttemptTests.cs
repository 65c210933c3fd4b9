using System.Diagnostics;
using StyleFarm.Grains.Cluster;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Scheduling;
using StyleFarm.Grains.Tasks;
using StyleFarm.Grains.Tests.Support;
using Xunit.Abstractions;

namespace StyleFarm.Silo.Tests.Cluster;

/// <summary>
/// An attempt begun before its job failed outlives the failure: its halted shot keeps the task Leased, while the dispatcher
/// forgets the job's attempts when it stops. Before, retrying or resuming the job left the dispatcher without that attempt, so
/// when its silo died nothing took the task back and it stayed Leased for good (the job never finished). Sample job of
/// <see cref="GrainClusterTests"/>: shot 0 has two flow tasks, shot 1 one.
/// </summary>
public sealed class ResumedJobAttemptTests(ITestOutputHelper output) : IAsyncLifetime
{
    // Four silos: one always hosts none of the dispatcher, the job and one of the shots, so only the dispatcher can take its task back.
    private readonly GrainFarm _farm = new(silos: 4);

    public Task InitializeAsync() => _farm.InitializeAsync();

    public Task DisposeAsync() => _farm.DisposeAsync(output);

    [Fact]
    public async Task AnAttemptBegunBeforeTheJobFailed_IsTakenBackWhenItsSiloDiesAfterRetryFailed()
    {
        var silos = _farm.Cluster.Silos;
        var first = _farm.Worker(0, "first");
        var id = JobId.New(TimeProvider.System);
        await first.Job(id).SubmitAsync(Samples.Spec());
        Assert.True(await first.CommitAsync(await first.TakeAsync(), Samples.Plan()));
        await first.WaitForOffersAsync(3);

        var hosts = new Dictionary<string, HashSet<SiloAddress>>
        {
            ["dispatcher"] = await HostsAsync(first, TaskOwners.Dispatcher(first.Grains).GetGrainId()),
            ["job"] = await HostsAsync(first, first.Job(id).GetGrainId()),
            ["shot 0"] = await HostsAsync(first, first.Grains.GetGrain<IShotGrain>(ShotKey.Of(id, 0)).GetGrainId()),
            ["shot 1"] = await HostsAsync(first, first.Grains.GetGrain<IShotGrain>(ShotKey.Of(id, 1)).GetGrainId()),
        };
        output.WriteLine(string.Join("; ", hosts.Select(h => $"{h.Key} on {string.Join("+", h.Value.Select(s => s.Endpoint.Port))}")));
        var (doomedSilo, shot) = (from s in Enumerable.Range(0, silos.Count)
                                  from k in new[] { 0, 1 }
                                  let address = silos[s].SiloAddress
                                  where !hosts["dispatcher"].Contains(address) && !hosts["job"].Contains(address) && !hosts[$"shot {k}"].Contains(address)
                                  select (s, k)).First();
        var doomed = _farm.Worker(doomedSilo, "doomed");
        var asker = _farm.Worker((doomedSilo + 1) % silos.Count, "asker");
        var graph = new TaskGraphBuilder(new TaskGraphOptions()).Build(id, Samples.Spec(), Samples.Plan());
        var lost = graph.Tasks.First(t => t.Kind == TaskKind.Flow && t.Id.Shot == shot).Id;
        var lostGrant = await doomed.TakeAsync(null, lost.SegmentRef!.Value);
        Assert.Equal(lost, lostGrant.Task.Id);

        // Another task fails for good: the job fails, its shots halt, the dispatcher forgets the job; the doomed attempt runs on.
        var failing = await asker.TakeAsync();
        Assert.True(await asker.FailAsync(failing, "in.mp4: no such file", permanent: true));
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
            while ((await asker.Job(id).GetAsync())!.State != JobState.Failed) await Task.Delay(20, deadline.Token);
        Assert.Equal(JobState.Running, (await asker.Job(id).RetryFailedAsync()).State);

        var clock = Stopwatch.StartNew();
        await _farm.Cluster.KillSiloAsync(silos[doomedSilo]);
        var handed = new List<TaskId>();
        TimeSpan? lostAfter = null;
        while (!(handed.Contains(lost) && handed.Contains(failing.Task.Id)) && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (await AskAsync(asker) is { } grant)
            {
                handed.Add(grant.Task.Id);
                if (grant.Task.Id == lost) lostAfter = clock.Elapsed;
            }
            else await Task.Delay(50);
        }
        output.WriteLine($"killed silo {doomedSilo} holding {lost.Key}; handed out after the kill: {string.Join(", ", handed.Select(h => h.Key))}; the lost task {lostAfter?.TotalSeconds:0.00} s after the kill");

        Assert.Contains(lost, handed);
        Assert.Contains(failing.Task.Id, handed);
        Assert.Equal(TaskState.Leased, (await asker.Grains.GetGrain<IShotGrain>(ShotKey.Of(id, shot)).TasksAsync()).Single(t => t.Id == lost).State);
    }

    // One ask, through a dispatcher that may be moving: null when it did not answer.
    private static async Task<WorkGrant?> AskAsync(TestWorker worker)
    {
        try
        {
            return await worker.AskAsync().WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            return null;
        }
    }

    // The silos that host the grain now, asked of the silos themselves (a directory lookup may answer from a cache).
    private static async Task<HashSet<SiloAddress>> HostsAsync(TestWorker worker, GrainId grain) =>
        (await worker.Grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics()).Where(s => s.GrainId == grain).Select(s => s.SiloAddress).ToHashSet();
}
