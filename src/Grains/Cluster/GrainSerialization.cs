using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace StyleFarm.Grains.Cluster;

/// <summary>
/// How grain messages and grain state carry the domain's records (JobSpec, JobPlan, TaskSpec, TaskRecord, ids):
/// as JSON, so the domain stays free of serializer attributes and a stored record read by a newer build keeps
/// working when fields are added. The grains' own messages and states are [GenerateSerializer] types.
/// </summary>
public static class GrainSerialization
{
    /// <summary>Registers the JSON codec for the domain's types with Orleans' serializer.</summary>
    public static IServiceCollection AddStyleFarmSerialization(this IServiceCollection services) =>
        services.AddSerializer(serializer => serializer.AddJsonSerializer(isSupported: IsDomainType))
            // The domain's exceptions (an illegal job move) cross silos with their type and message, as the API needs for its 409.
            .Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("StyleFarm."));

    /// <summary>Whether <paramref name="type"/> is a domain record carried as JSON (not one of the grains' own).</summary>
    public static bool IsDomainType(Type type) =>
        type.Namespace is { } ns && ns.StartsWith("StyleFarm.Grains.", StringComparison.Ordinal)
        && !ns.StartsWith("StyleFarm.Grains.Cluster", StringComparison.Ordinal)
        && !type.IsEnum
        // Exceptions go through Orleans' exception codec: JSON cannot write a thrown one (its TargetSite is a MethodBase).
        && !typeof(Exception).IsAssignableFrom(type);
}
