namespace StyleFarm.Silo.Hosting;

/// <summary>
/// Builds the worker role of a silo. The host knows roles only as <see cref="ISiloRole"/>; the worker
/// (lease, execute, commit) is built by whoever has the executors, so the host does not depend on them.
/// </summary>
public interface IWorkerRoleFactory
{
    /// <summary>The worker role of the silo described by <paramref name="context"/>.</summary>
    ISiloRole Create(WorkerRoleContext context);
}
