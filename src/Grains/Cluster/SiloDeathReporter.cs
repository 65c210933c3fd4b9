using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StyleFarm.Grains.Cluster;

/// <summary>
/// Runs in every silo: when cluster membership declares a silo dead, tells the dispatcher, whose record of who
/// holds which attempt turns the death into tasks offered again at once. Every silo reports every death (the
/// dispatcher takes the first), so the report survives the death of any one silo.
/// </summary>
public sealed class SiloDeathReporter(IClusterMembershipService membership, IGrainFactory grains, ILogger<SiloDeathReporter> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reported = new HashSet<SiloAddress>();
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                foreach (var member in snapshot.Members.Values)
                {
                    if (member.Status != SiloStatus.Dead || !reported.Add(member.SiloAddress)) continue;
                    // The moment this silo learnt it (bench/farm-throughput.sh --kills times a death from these lines).
                    log.LogInformation("membership declared silo {Name} {Silo} dead", member.Name, member.SiloAddress);
                    try
                    {
                        await TaskOwners.Dispatcher(grains).SiloDiedAsync(member.SiloAddress.ToParsableString()).WaitAsync(TimeSpan.FromSeconds(10), stoppingToken);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // Another silo reports it too; a dispatcher that moves takes back the dead silo's attempts on recovery.
                        log.LogWarning("could not report the death of silo {Silo} to the dispatcher: {Error}", member.SiloAddress, e.Message);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The silo stops.
        }
    }
}
