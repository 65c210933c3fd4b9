using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Placement;
using Xunit.Abstractions;

namespace StyleFarm.Silo.Tests.Cluster;

/// <summary>
/// The farm's grain directory (<see cref="StyleFarm.Silo.Cluster.FarmSiloBuilder.UseFarmGrainDirectory"/>) on an in-process
/// cluster of three silos: a killed silo takes its own activations with it, and no others.
/// </summary>
public sealed class GrainDirectoryTests(ITestOutputHelper output) : IAsyncLifetime
{
    // Enough grains that, hashed over three silos' directory ranges, some live silo's grain surely had its entry on the victim.
    private const int GrainCount = 60;
    private readonly GrainFarm _farm = new();

    public Task InitializeAsync() => _farm.InitializeAsync();

    public Task DisposeAsync() => _farm.DisposeAsync();

    [Fact]
    public async Task KillingASiloLeavesTheActivationsOnLiveSilosInPlace()
    {
        // With Orleans' default directory, the grains on live silos whose entries the dead silo held were deactivated: a job's
        // dispatcher and shot grains then forgot the attempts running on survivors, whose work was stopped and run again.
        var grains = _farm.Grains(_farm.Cluster.Silos[0]);
        var victim = _farm.Cluster.Silos[2];
        var before = new Dictionary<string, ActivationSeen>();
        for (var i = 0; i < GrainCount; i++) before[$"g{i}"] = await grains.GetGrain<IActivationProbeGrain>($"g{i}").SeenAsync();
        var onLive = before.Where(b => b.Value.Silo != victim.SiloAddress.ToParsableString()).ToList();
        output.WriteLine($"{GrainCount} grains, {onLive.Count} on live silos");
        Assert.InRange(onLive.Count, 10, GrainCount - 10);

        var clock = Stopwatch.StartNew();
        await _farm.Cluster.KillSiloAsync(victim);
        var membership = _farm.Cluster.Silos[0].ServiceProvider.GetRequiredService<IClusterMembershipService>();
        while (membership.CurrentSnapshot.GetSiloStatus(victim.SiloAddress) != SiloStatus.Dead)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the killed silo was not declared dead within 30 s");
            await Task.Delay(50);
        }
        output.WriteLine($"declared dead after {clock.Elapsed.TotalSeconds:0.0} s");
        // The default directory's deactivations follow the death at once; give them time to happen.
        await Task.Delay(TimeSpan.FromSeconds(10));

        var moved = new List<string>();
        foreach (var (key, seen) in onLive)
            if (await grains.GetGrain<IActivationProbeGrain>(key).SeenAsync() != seen) moved.Add(key);
        output.WriteLine($"{moved.Count} of {onLive.Count} activations on live silos were replaced");
        Assert.Empty(moved);
    }
}

/// <summary>Where an activation lives and which one it is.</summary>
[GenerateSerializer]
public sealed record ActivationSeen([property: Id(0)] string Silo, [property: Id(1)] Guid Activation);

/// <summary>A grain placed at random that says which activation answered (a new one after a deactivation).</summary>
public interface IActivationProbeGrain : IGrainWithStringKey
{
    Task<ActivationSeen> SeenAsync();
}

[RandomPlacement]
public sealed class ActivationProbeGrain(ILocalSiloDetails silo) : Grain, IActivationProbeGrain
{
    private readonly Guid _activation = Guid.NewGuid();

    public Task<ActivationSeen> SeenAsync() => Task.FromResult(new ActivationSeen(silo.SiloAddress.ToParsableString(), _activation));
}
