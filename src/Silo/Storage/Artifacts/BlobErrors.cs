using System.Diagnostics;
using Azure;
using StyleFarm.Grains.Artifacts;

namespace StyleFarm.Silo.Storage.Artifacts;

/// <summary>
/// Turns the SDK's long errors (status, headers, XML body, the request's address) into one-line
/// <see cref="ArtifactStoreException"/>s that name the operation, the blob and what to do. Only the
/// status and error code are taken from the SDK's error, so no SAS signature reaches a message.
/// </summary>
internal sealed class BlobErrors(AzureBlobOptions options, string description)
{
    private readonly string _account = options.Account.AccountName;
    private readonly bool _usesSas = options.Account.SasToken is not null;

    /// <summary>"container "c" of Azure storage account "a" at http://…", for messages.</summary>
    public string Description => description;

    /// <summary>Whether <paramref name="e"/> is the service saying the container does not exist.</summary>
    public static bool IsContainerMissing(RequestFailedException e) => e is { Status: 404, ErrorCode: "ContainerNotFound" };

    /// <summary>Whether <paramref name="e"/> says the blob (or its container) does not exist.</summary>
    public static bool IsMissing(RequestFailedException e) => e.Status == 404;

    /// <summary>
    /// The one-line error for a failed call; <paramref name="started"/> is when the call began (for the
    /// retries' duration), <paramref name="cannotCreateContainer"/> whether creating the container was refused.
    /// </summary>
    public ArtifactStoreException Translate(Exception error, BlobOperation operation, string? target, long started, bool cannotCreateContainer = false)
    {
        var what = $"{operation.On(target)} on {description}";
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var attempts = options.Retry.MaxAttempts;
        switch (error)
        {
            // Every attempt failed on the network: the SDK bundles one exception per attempt.
            case AggregateException bundle:
                var last = bundle.InnerExceptions.LastOrDefault();
                return new ArtifactStoreException(
                    $"{what} failed after {bundle.InnerExceptions.Count} attempt{(bundle.InnerExceptions.Count == 1 ? "" : "s")} over {seconds:0.0} s " +
                    $"(last: {ObservedRetryPolicy.Describe(last)}). Check that the blob endpoint is reachable and healthy, or allow more time with AzureBlobOptions.Retry.",
                    isTransient: true);
            case RequestFailedException { Status: 0 } network:
                return new ArtifactStoreException(
                    $"{what} failed after {attempts} attempt{(attempts == 1 ? "" : "s")} over {seconds:0.0} s (last: {ObservedRetryPolicy.Describe(network.InnerException ?? network)}). " +
                    "Check that the blob endpoint is reachable and healthy, or allow more time with AzureBlobOptions.Retry.",
                    isTransient: true);
            case RequestFailedException { Status: 408 or 429 or >= 500 and not 501 and not 505 } busy:
                return new ArtifactStoreException(
                    $"{what} failed after {attempts} attempt{(attempts == 1 ? "" : "s")} over {seconds:0.0} s (last: {Status(busy)}). " +
                    "The storage service is overloaded or failing; try again later, or allow more time with AzureBlobOptions.Retry.",
                    isTransient: true);
            case RequestFailedException failed:
                var advice = Advice(failed, operation, cannotCreateContainer);
                return new ArtifactStoreException($"{what} failed: {Status(failed)}.{(advice.Length > 0 ? " " + advice : "")}", isTransient: false);
            default:
                return new ArtifactStoreException($"{what} failed: {ObservedRetryPolicy.Describe(error)}.", isTransient: true);
        }
    }

    private string Advice(RequestFailedException error, BlobOperation operation, bool cannotCreateContainer) => (error.Status, error.ErrorCode) switch
    {
        (403, "AuthenticationFailed" or "AuthorizationFailure") when !_usesSas =>
            $"Azure rejected the Shared Key signature for account \"{_account}\": the account key is wrong or was rotated. Check AccountKey in the connection string.",
        (403, _) when _usesSas && operation == BlobOperation.CreateContainer =>
            $"The SAS token for account \"{_account}\" may not create container \"{options.Container}\" (a container SAS never can): create the container beforehand, or use an account SAS or the account key.",
        (403, "AuthorizationPermissionMismatch" or "AuthorizationResourceTypeMismatch" or "AuthorizationServiceMismatch") when _usesSas =>
            $"The SAS token for account \"{_account}\" does not allow {operation.Name}: it needs the '{operation.SasPermission}' permission (sp=…). Issue a token that grants it.",
        (403, _) when _usesSas =>
            $"Azure rejected the SAS token for account \"{_account}\": its signature is wrong, it expired or is not valid yet, or it was made for another account or container. Issue a new SharedAccessSignature for container \"{options.Container}\" (this operation needs '{operation.SasPermission}').",
        (403, _) => $"Account \"{_account}\" is not allowed to do {operation.Name}.",
        (404, "ContainerNotFound") when cannotCreateContainer =>
            $"The container does not exist, and the SAS token for account \"{_account}\" may not create container \"{options.Container}\" (a container SAS never can): create the container beforehand, or use an account SAS or the account key.",
        (404, "ContainerNotFound") =>
            $"The container \"{options.Container}\" does not exist. Create it, or set AzureBlobOptions.CreateContainerIfMissing with credentials that may create it.",
        (400, "InvalidHeaderValue") =>
            $"The service refused the request's headers; if it is Azurite, it may not know service version {AzureBlobOptions.ServiceVersionText}: update Azurite.",
        _ => "",
    };

    private static string Status(RequestFailedException error) =>
        string.IsNullOrEmpty(error.ErrorCode) ? error.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{error.Status} {error.ErrorCode}";
}
