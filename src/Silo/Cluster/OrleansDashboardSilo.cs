using Orleans.Dashboard;
using Orleans.Hosting;

namespace StyleFarm.Silo.Cluster;

/// <summary>
/// The Orleans Dashboard's silo side (<c>Microsoft.Orleans.Dashboard</c>), on every silo of the farm so its pages see
/// all of them: a grain service per silo (its runtime counters, every second), the dashboard's grains (the cluster's
/// counters and call history), and a filter on incoming grain calls that times each one while the profiler is on. It
/// opens no port: its pages are served by the API (<c>Api/OrleansDashboardRoutes</c>).
/// </summary>
public static class OrleansDashboardSilo
{
    /// <summary>
    /// How long the call profiler stays on after the last query of a dashboard page: Orleans' default, 1 minute.
    /// The profiler is off otherwise (<see cref="GrainProfilerOptions.TraceAlways"/> false), so a farm nobody watches pays
    /// one flag check per grain call; see <c>Hosting/README.md</c> for the measured cost of both states.
    /// </summary>
    public static readonly TimeSpan ProfileAfterLastView = TimeSpan.FromMinutes(1);

    /// <summary>Adds the dashboard's grain service, grains and call profiler to <paramref name="silo"/>.</summary>
    public static ISiloBuilder AddOrleansDashboard(this ISiloBuilder silo)
    {
        silo.AddDashboard();
        silo.Configure<GrainProfilerOptions>(o =>
        {
            o.TraceAlways = false;
            o.DeactivationTime = ProfileAfterLastView;
        });
        return silo;
    }
}
