namespace StyleFarm.Silo.Storage.Artifacts;

/// <summary>What a container SAS allows.</summary>
[Flags]
public enum BlobSasPermissions
{
    /// <summary>Nothing.</summary>
    None = 0,
    /// <summary>r: read blobs and their properties (Get Blob, Get Blob Properties).</summary>
    Read = 1,
    /// <summary>a: append blocks (append blobs only).</summary>
    Add = 2,
    /// <summary>c: create new blobs.</summary>
    Create = 4,
    /// <summary>w: write blobs and blocks (Put Blob, Put Block, Put Block List).</summary>
    Write = 8,
    /// <summary>d: delete blobs.</summary>
    Delete = 16,
    /// <summary>l: list blobs.</summary>
    List = 32,
    /// <summary>Everything an artifact store does: read, write, delete and list.</summary>
    ArtifactStore = Read | Write | Delete | List,
}
