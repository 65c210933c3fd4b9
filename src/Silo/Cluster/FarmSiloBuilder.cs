using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.Hosting;
using Orleans.Runtime.MembershipService.SiloMetadata;
using StyleFarm.Grains.Cluster;

namespace StyleFarm.Silo.Cluster;

/// <summary>
/// Configures an Orleans silo as a farm node: ADO.NET clustering, grain state and reminders on the farm's
/// PostgreSQL database (its tables and OrleansQuery rows come from the farm database's numbered migrations),
/// or a cluster of one with grain state in a folder; the endpoints, the membership timings, and the silo's
/// metadata (name, roles, capabilities), which placement reads (<see cref="CoordinatorPlacement"/>).
/// </summary>
public static class FarmSiloBuilder
{
    /// <summary>Configures <paramref name="silo"/> for the cluster on the PostgreSQL database of <paramref name="connectionString"/>.</summary>
    public static ISiloBuilder UsePostgresFarm(this ISiloBuilder silo, FarmClusterOptions cluster, string connectionString,
        IReadOnlyDictionary<string, string> metadata)
    {
        cluster.Validate();
        OrleansStorage.RegisterNpgsql();
        silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            })
            .ConfigureEndpoints(cluster.AdvertisedAddress, cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: false)
            .UseAdoNetClustering(o =>
            {
                o.Invariant = OrleansStorage.PostgresInvariant;
                o.ConnectionString = connectionString;
            })
            .AddAdoNetGrainStorage(OrleansStorage.GrainState, o =>
            {
                o.Invariant = OrleansStorage.PostgresInvariant;
                o.ConnectionString = connectionString;
            })
            .UseAdoNetReminderService(o =>
            {
                o.Invariant = OrleansStorage.PostgresInvariant;
                o.ConnectionString = connectionString;
            });
        // Grain state in Orleans' own binary format, as the folder storage writes it: the provider's default is Newtonsoft
        // JSON, which does not round-trip the states' [GenerateSerializer] records (a moved job grain read its tasks back wrong).
        silo.Services.AddOptions<AdoNetGrainStorageOptions>(OrleansStorage.GrainState)
            .Configure<Serializer>((o, serializer) => o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
        return silo.UseFarmMembership(cluster.Membership).UseFarmGrainDirectory().UseSiloMetadata(new Dictionary<string, string>(metadata));
    }

    /// <summary>
    /// Uses Orleans' distributed (strongly consistent) grain directory: when a silo dies, the new owner of its directory ranges
    /// rebuilds their entries from the live silos' activations, so a grain on a live silo stays where it is. The default
    /// (eventually consistent) directory deactivated every live grain whose entry the dead silo held, and a job's dispatcher
    /// and shot grains moving together forgot the attempts running on the survivors (bench/farm-throughput.sh --kills).
    /// A cluster of one (the embedded silo) keeps the default: no other silo can take its entries with it.
    /// </summary>
    public static ISiloBuilder UseFarmGrainDirectory(this ISiloBuilder silo)
    {
        // Orleans marks the directory experimental (ORLEANSEXP003); every silo of a cluster must use the same directory.
#pragma warning disable ORLEANSEXP003
        return silo.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003
    }

    /// <summary>
    /// Configures <paramref name="silo"/> as a cluster of one on this machine: localhost clustering on the options' ports,
    /// grain state as files in <paramref name="folder"/> (one process writes it), the membership timings and the metadata.
    /// </summary>
    public static ISiloBuilder UseFolderFarm(this ISiloBuilder silo, FarmClusterOptions cluster, string folder,
        IReadOnlyDictionary<string, string> metadata)
    {
        cluster.Validate();
        silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
        silo.Services.AddFileGrainStorage(OrleansStorage.GrainState, folder);
        return silo.UseFarmMembership(cluster.Membership).UseSiloMetadata(new Dictionary<string, string>(metadata));
    }

    /// <summary>Applies <paramref name="timings"/> to Orleans' <see cref="ClusterMembershipOptions"/>.</summary>
    public static ISiloBuilder UseFarmMembership(this ISiloBuilder silo, MembershipTimings timings)
    {
        timings.Validate();
        // Zero keeps Orleans' default (Orleans reads zero as "no lease", which would let a wrongly dead silo's grains double up).
        if (timings.DirectoryLease > TimeSpan.Zero) silo.Configure<GrainDirectoryOptions>(o => o.RangeLeaseDuration = timings.DirectoryLease);
        return silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = timings.ProbeTimeout;
            o.NumMissedProbesLimit = timings.NumMissedProbesLimit;
            o.NumVotesForDeathDeclaration = timings.NumVotesForDeathDeclaration;
            o.TableRefreshTimeout = timings.TableRefreshTimeout;
            o.IAmAliveTablePublishTimeout = timings.IAmAliveTablePublishTimeout;
        });
    }
}
