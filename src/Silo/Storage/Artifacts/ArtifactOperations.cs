namespace StyleFarm.Silo.Storage.Artifacts;

/// <summary>The operations of an artifact store, as flags, for choosing which ones an injected fault hits.</summary>
[Flags]
public enum ArtifactOperations
{
    /// <summary>None.</summary>
    None = 0,
    /// <summary>Both PutAsync overloads.</summary>
    Put = 1,
    /// <summary>GetAsync and OpenReadAsync.</summary>
    Get = 2,
    /// <summary>ExistsAsync.</summary>
    Exists = 4,
    /// <summary>DeleteAsync.</summary>
    Delete = 8,
    /// <summary>ListAsync.</summary>
    List = 16,
    /// <summary>Every operation.</summary>
    All = Put | Get | Exists | Delete | List,
}
