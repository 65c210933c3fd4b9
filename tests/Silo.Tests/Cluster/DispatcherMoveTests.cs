using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using Orleans.Runtime.Placement;
using Orleans.Storage;
using Orleans.TestingHost;
using StyleFarm.Grains.Cluster;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Scheduling;
using StyleFarm.Grains.Tasks;
using StyleFarm.Grains.Tests.Support;
using Xunit.Abstractions;

namespace StyleFarm.Silo.Tests.Cluster;

/// <summary>
/// A silo killed while it hosts both the dispatcher and the shot grain of the task it runs (placement is random: about one
/// coordinator kill in nine on three silos; one such kill took 64.85 s to recover in bench/farm-throughput.sh --kills). Before,
/// nothing remembered the attempts out: the shot came back with its tasks stored Ready, the dispatcher with none counted out,
/// so the lost task went longest-first, and a live worker's attempt on the same shot was offered again and its commit refused.
/// Sample job of <see cref="GrainClusterTests"/>: shot 0 has two flow tasks, shot 1 one.
/// </summary>
public sealed class DispatcherMoveTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Victim = 2;
    private readonly GrainFarm _farm = new();

    public Task InitializeAsync() => _farm.InitializeAsync();

    public Task DisposeAsync() => _farm.DisposeAsync(output);

    [Fact]
    public async Task KillingTheSiloOfTheDispatcherAndTheShot_HandsTheLostTaskOutFirst_AndTheLiveWorkersAttemptCommits()
    {
        var idle = _farm.Worker(0, "idle");
        var survivor = _farm.Worker(1, "survivor");
        var doomed = _farm.Worker(Victim, "doomed");
        var victim = _farm.Cluster.Silos[Victim];
        await MoveAsync(TaskOwners.Dispatcher(idle.Grains), victim, g => g.CountsAsync());
        var id = JobId.New(TimeProvider.System);
        await idle.Job(id).SubmitAsync(Samples.Spec());
        Assert.True(await idle.CommitAsync(await idle.TakeAsync(), Samples.Plan()));
        await MoveAsync(idle.Grains.GetGrain<IShotGrain>(ShotKey.Of(id, 0)), victim, g => g.TasksAsync());
        await idle.WaitForOffersAsync(3);

        // Shot 0's two flows go to the doomed and the surviving worker (each asks with its segment cached); shot 1's waits.
        var graph = new TaskGraphBuilder(new TaskGraphOptions()).Build(id, Samples.Spec(), Samples.Plan());
        var flows = LongestFirst.Order(graph.Tasks.Where(t => t.Kind == TaskKind.Flow)).Select(t => t.Id).ToList();
        var (kept, lost) = (flows.First(f => f.Shot == 0), flows.Last(f => f.Shot == 0));
        var other = flows.Single(f => f.Shot == 1);
        output.WriteLine($"flows longest first: {string.Join(", ", flows.Select(f => f.Key))}; lost {lost.Key}, kept {kept.Key}");
        var lostGrant = await doomed.TakeAsync(null, lost.SegmentRef!.Value);
        var keptGrant = await survivor.TakeAsync(null, kept.SegmentRef!.Value);
        Assert.Equal((lost, kept), (lostGrant.Task.Id, keptGrant.Task.Id));
        await StoredAsync(lostGrant, keptGrant);

        var clock = Stopwatch.StartNew();
        await _farm.Cluster.KillSiloAsync(victim);
        await DeclaredDeadAsync(victim);
        // Both ready tasks offered (before, the live worker's task too: 3), then asked for: the lost task first.
        await idle.WaitForOffersThroughMovesAsync(2, TimeSpan.FromSeconds(30));
        var first = await idle.TakeAsync(TimeSpan.FromSeconds(10));
        var firstAfter = clock.Elapsed;
        var handed = new List<TaskId> { first.Task.Id };
        var grants = new List<WorkGrant> { first };
        while (await idle.AskAsync() is { } grant)
        {
            handed.Add(grant.Task.Id);
            grants.Add(grant);
        }
        output.WriteLine($"after the kill: {string.Join(", ", handed.Select(h => h.Key))} handed out, the first {firstAfter.TotalSeconds:0.00} s after the kill");
        var committed = await survivor.CommitAsync(keptGrant);
        output.WriteLine($"the live worker's commit of {kept.Key}: {(committed ? "accepted" : "refused")}");

        Assert.Equal(lost, first.Task.Id);
        Assert.NotEqual(lostGrant.Token, first.Token);
        Assert.InRange(firstAfter, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.Equal([lost, other], handed);
        Assert.True(committed);
        foreach (var grant in grants) Assert.True(await idle.CommitAsync(grant));
        Assert.Equal(TaskState.Succeeded, (await idle.Grains.GetGrain<IShotGrain>(ShotKey.Of(id, 0)).TasksAsync()).Single(t => t.Id == kept).State);
    }

    // Migrates the grain to `silo` (deactivating it and calling again brought it back where a silo's directory cache still sent
    // the call). Where it lives is asked of the silos themselves, not of a directory lookup that may answer from a cache.
    private async Task MoveAsync<TGrain>(TGrain grain, InProcessSiloHandle silo, Func<TGrain, Task> touch) where TGrain : IGrain
    {
        var management = _farm.Grains(_farm.Cluster.Silos[0]).GetGrain<IManagementGrain>(0);
        var id = grain.GetGrainId();
        var clock = Stopwatch.StartNew();
        var seen = new List<string>();
        for (var tries = 1; clock.Elapsed < TimeSpan.FromSeconds(30); tries++)
        {
            await touch(grain);
            var hosts = (await management.GetDetailedGrainStatistics()).Where(s => s.GrainId == id).Select(s => s.SiloAddress).ToList();
            if (hosts.Count == 1 && hosts[0].Equals(silo.SiloAddress))
            {
                output.WriteLine($"{id} on the victim after {tries} activations");
                return;
            }
            seen.Add(string.Join("+", hosts.Select(h => h.Endpoint.Port)));
            // Migrated with a placement hint, which Orleans' placement takes before asking the grain's director.
            RequestContext.Set(IPlacementDirector.PlacementHintKey, silo.SiloAddress);
            try
            {
                await grain.AsReference<IGrainManagementExtension>().MigrateOnIdle();
            }
            finally
            {
                RequestContext.Remove(IPlacementDirector.PlacementHintKey);
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"{id} did not activate on {silo.SiloAddress} within 30 s: {string.Join(",", seen.Take(40))}; silos {string.Join(",", _farm.Cluster.Silos.Select(s => s.SiloAddress.Endpoint.Port))}");
    }

    // Waits until the dispatcher's stored state lists both attempts (its flush runs at most once a second).
    private async Task StoredAsync(params WorkGrant[] grants)
    {
        var silo = _farm.Cluster.Silos[0].ServiceProvider;
        var storage = silo.GetRequiredKeyedService<IGrainStorage>(GrainServices.Storage);
        var id = TaskOwners.Dispatcher(_farm.Grains(_farm.Cluster.Silos[0])).GetGrainId();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var state = new GrainState<DispatcherGrainState>(new DispatcherGrainState());
            await storage.ReadStateAsync("dispatcher", id, state);
            var tokens = PersistedAttempts.Restore(state.State?.Attempts ?? []).Select(a => a.Token).ToHashSet();
            if (grants.All(g => tokens.Contains(g.Token)))
            {
                output.WriteLine($"attempts stored {clock.Elapsed.TotalSeconds:0.00} s after the second grant");
                return;
            }
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "the dispatcher did not store its attempts out within 10 s");
            await Task.Delay(50);
        }
    }

    // Returns once every other silo's membership has declared `victim` dead (so the moved grains see it gone).
    private async Task DeclaredDeadAsync(InProcessSiloHandle victim)
    {
        var clock = Stopwatch.StartNew();
        foreach (var silo in _farm.Cluster.Silos.Where(s => !s.SiloAddress.Equals(victim.SiloAddress)))
        {
            var membership = silo.ServiceProvider.GetRequiredService<IClusterMembershipService>();
            while (membership.CurrentSnapshot.GetSiloStatus(victim.SiloAddress) != SiloStatus.Dead)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the killed silo was not declared dead within 30 s");
                await Task.Delay(20);
            }
        }
        output.WriteLine($"declared dead {clock.Elapsed.TotalSeconds:0.00} s after the kill");
    }
}
