using System.Globalization;
using StyleFarm.Grains.Silos;

namespace StyleFarm.Grains.Cluster;

/// <summary>
/// What a silo tells the cluster about itself, as Orleans silo metadata (every silo sees every other's):
/// its name, roles and capabilities. Placement and the dispatcher read them; role-based placement is not
/// used, as it throws with ADO.NET clustering.
/// </summary>
public static class SiloMetadataKeys
{
    /// <summary>The silo's name (`--name`).</summary>
    public const string Name = "stylefarm.name";

    /// <summary>Its roles, comma-separated: worker, coordinator, api.</summary>
    public const string Roles = "stylefarm.roles";

    /// <summary>GPUs it offers.</summary>
    public const string Gpus = "stylefarm.gpus";

    /// <summary>GPU memory per GPU, in bytes.</summary>
    public const string GpuMemoryBytes = "stylefarm.gpu-memory-bytes";

    /// <summary>Host memory it may use, in bytes.</summary>
    public const string MemoryBytes = "stylefarm.memory-bytes";

    /// <summary>The metadata of a silo named <paramref name="name"/> with <paramref name="roles"/> and <paramref name="capabilities"/>.</summary>
    public static IReadOnlyDictionary<string, string> Of(string name, string roles, WorkerCapabilities capabilities) => new Dictionary<string, string>
    {
        [Name] = name,
        [Roles] = roles,
        [Gpus] = capabilities.Gpus.ToString(CultureInfo.InvariantCulture),
        [GpuMemoryBytes] = capabilities.GpuMemoryBytes.ToString(CultureInfo.InvariantCulture),
        [MemoryBytes] = capabilities.MemoryBytes.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The capabilities in <paramref name="metadata"/>; missing values count as none.</summary>
    public static WorkerCapabilities CapabilitiesOf(IReadOnlyDictionary<string, string> metadata) => new(
        (int)Number(metadata, Gpus), Number(metadata, GpuMemoryBytes), Number(metadata, MemoryBytes));

    /// <summary>Whether <paramref name="metadata"/> lists <paramref name="role"/> among the silo's roles.</summary>
    public static bool HasRole(IReadOnlyDictionary<string, string> metadata, string role) =>
        metadata.TryGetValue(Roles, out var roles) && roles.Split(',').Contains(role, StringComparer.Ordinal);

    private static long Number(IReadOnlyDictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
}
