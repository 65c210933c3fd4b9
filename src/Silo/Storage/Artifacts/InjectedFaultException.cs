using StyleFarm.Grains.Artifacts;

namespace StyleFarm.Silo.Storage.Artifacts;

/// <summary>A failure raised on purpose by a <see cref="FaultInjectingArtifactStore"/>.</summary>
public sealed class InjectedFaultException(string message, bool isTransient)
    : ArtifactStoreException(message, isTransient);
