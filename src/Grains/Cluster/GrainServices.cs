using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Planning;

namespace StyleFarm.Grains.Cluster;

/// <summary>What the grains need from a silo's services: the storage name, the clock, the retry rules and the graph builder.</summary>
public static class GrainServices
{
    /// <summary>The grain storage that holds jobs, shots and the dispatcher's list of running jobs.</summary>
    public const string Storage = "stylefarm";

    /// <summary>Registers the grains' services and the domain types' serialization (the clock stays a caller's own when registered first).</summary>
    public static IServiceCollection AddStyleFarmGrains(this IServiceCollection services, LeaseOptions? lease = null, TaskGraphOptions? graph = null,
        DispatcherOptions? dispatcher = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(dispatcher ?? new DispatcherOptions());
        services.AddHostedService<SiloDeathReporter>();
        services.AddSingleton(new AttemptRules(new RetryPolicy(lease ?? new LeaseOptions())));
        services.AddSingleton(new Blocklist(lease ?? new LeaseOptions()));
        services.AddSingleton(new TaskGraphBuilder(graph ?? new TaskGraphOptions()));
        return services.AddStyleFarmSerialization();
    }
}
