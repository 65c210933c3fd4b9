using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Storage;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Telemetry;

namespace StyleFarm.Grains.Cluster;

/// <summary>
/// What the grains need from a silo's services: the storage name, the clock, the retry rules, the graph builder, the
/// placement of coordination grains on coordinator silos, and the readers of shots' stored state.
/// </summary>
public static class GrainServices
{
    /// <summary>The grain storage that holds jobs, shots and the dispatcher's list of running jobs.</summary>
    public const string Storage = "stylefarm";

    /// <summary>Registers the grains' services and the domain types' serialization; the grains' clock is <paramref name="clock"/> (default: the system's).</summary>
    public static IServiceCollection AddStyleFarmGrains(this IServiceCollection services, LeaseOptions? lease = null, TaskGraphOptions? graph = null,
        DispatcherOptions? dispatcher = null, TimeProvider? clock = null)
    {
        services.AddSingleton(new GrainClock(clock ?? TimeProvider.System));
        services.AddSingleton(dispatcher ?? new DispatcherOptions());
        services.AddHostedService<SiloDeathReporter>();
        // The farm's meter and activity source: recorded always, exported only where a silo configures it (Silo/Telemetry).
        services.AddMetrics();
        services.AddSingleton<StyleFarmMetrics>();
        services.AddSingleton<StyleFarmTracing>();
        services.AddSingleton(provider => new AttemptRules(new RetryPolicy(lease ?? new LeaseOptions()), provider.GetRequiredService<StyleFarmMetrics>()));
        services.AddSingleton(new Blocklist(lease ?? new LeaseOptions()));
        services.AddSingleton(new TaskGraphBuilder(graph ?? new TaskGraphOptions()));
        services.AddPlacementDirector<CoordinatorPlacement, CoordinatorPlacementDirector>();
        services.AddSingleton(provider => new ShotStateReader(provider.GetRequiredKeyedService<IGrainStorage>(Storage), provider.GetRequiredService<IGrainFactory>()));
        services.AddSingleton<JobTaskList>();
        return services.AddStyleFarmSerialization();
    }
}
