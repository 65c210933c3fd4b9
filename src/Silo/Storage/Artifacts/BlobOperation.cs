using Azure.Core;
using Request = Azure.Core.Request;

namespace StyleFarm.Silo.Storage.Artifacts;

/// <summary>A Blob service operation: its name in Azure's documentation and the SAS permission letter it needs.</summary>
internal sealed record BlobOperation(string Name, char SasPermission)
{
    public static readonly BlobOperation PutBlob = new("Put Blob", 'w');
    public static readonly BlobOperation PutBlock = new("Put Block", 'w');
    public static readonly BlobOperation PutBlockList = new("Put Block List", 'w');
    public static readonly BlobOperation GetBlob = new("Get Blob", 'r');
    public static readonly BlobOperation GetBlobProperties = new("Get Blob Properties", 'r');
    public static readonly BlobOperation DeleteBlob = new("Delete Blob", 'd');
    public static readonly BlobOperation ListBlobs = new("List Blobs", 'l');
    public static readonly BlobOperation CreateContainer = new("Create Container", 'c');

    /// <summary>"Put Blob \"job-1/frame-2.png\"" and the like.</summary>
    public string On(string? target) => target is null ? Name : $"{Name} \"{target}\"";

    /// <summary>The operation a request of the SDK's carries out, told by its method and comp= parameter.</summary>
    public static BlobOperation Of(Request request)
    {
        var query = request.Uri.Query;
        bool Has(string part) => query.Contains(part, StringComparison.Ordinal);
        if (request.Method == RequestMethod.Put)
            return Has("restype=container") ? CreateContainer : Has("comp=blocklist") ? PutBlockList : Has("comp=block") ? PutBlock : PutBlob;
        if (request.Method == RequestMethod.Head) return GetBlobProperties;
        if (request.Method == RequestMethod.Delete) return DeleteBlob;
        return Has("comp=list") ? ListBlobs : GetBlob;
    }
}
