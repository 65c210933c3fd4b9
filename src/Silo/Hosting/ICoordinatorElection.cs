namespace StyleFarm.Silo.Hosting;

/// <summary>Decides which silo holds the coordinator role: at most one holds its lock at a time.</summary>
public interface ICoordinatorElection
{
    /// <summary>Tries to take the role now, without waiting.</summary>
    /// <returns>The held lock (dispose it to give the role up), or null when another holds it.</returns>
    Task<ICoordinatorLock?> TryAcquireAsync(CancellationToken cancellationToken);
}
