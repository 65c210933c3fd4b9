namespace StyleFarm.Silo.Hosting;

/// <summary>The coordinator role, held; disposing it gives the role up so another silo can take it.</summary>
public interface ICoordinatorLock : IAsyncDisposable
{
    /// <summary>Whether the role is still held (a lost database session loses it); checked before every round.</summary>
    Task<bool> IsHeldAsync(CancellationToken cancellationToken);
}
