using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;

namespace StyleFarm.Silo.Cluster;

/// <summary>Registers a <see cref="FileGrainStorage"/> under a storage name.</summary>
public static class FileGrainStorageRegistration
{
    /// <summary>Grain state named <paramref name="name"/> as files in <paramref name="folder"/>.</summary>
    public static IServiceCollection AddFileGrainStorage(this IServiceCollection services, string name, string folder) =>
        services.AddKeyedSingleton<IGrainStorage>(name, (provider, _) => new FileGrainStorage(folder, provider.GetRequiredService<Serializer>()));
}
