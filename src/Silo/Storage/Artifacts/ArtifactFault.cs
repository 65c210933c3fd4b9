namespace StyleFarm.Silo.Storage.Artifacts;

/// <summary>A failure for a <see cref="FaultInjectingArtifactStore"/> to inject.</summary>
/// <param name="Operations">The operations it hits.</param>
public sealed record ArtifactFault(ArtifactOperations Operations)
{
    /// <summary>Only keys (for List: prefixes) that start with this are hit. Default: "" (all).</summary>
    public string KeyPrefix { get; init; } = "";

    /// <summary>How many matching calls fail before the fault is spent. Default: 1; <see cref="int.MaxValue"/> until cleared.</summary>
    public int Times { get; init; } = 1;

    /// <summary>
    /// For puts and gets: how many bytes pass before the failure, so the inner store fails midway
    /// through a transfer. Null (the default): the call fails before it reaches the inner store.
    /// </summary>
    public long? AfterBytes { get; init; }

    /// <summary>Whether the failure says the store may recover (<see cref="Grains.Artifacts.ArtifactStoreException.IsTransient"/>). Default: true.</summary>
    public bool Transient { get; init; } = true;
}
