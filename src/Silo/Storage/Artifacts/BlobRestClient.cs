using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StyleFarm.Grains.Artifacts;

namespace StyleFarm.Silo.Storage.Artifacts;

/// <summary>
/// Sends Blob service requests for one container: builds addresses, dates, versions and
/// authorization (Shared Key or SAS), retries what is worth retrying, and turns failed answers into
/// <see cref="ArtifactStoreException"/>s that say what to do.
/// </summary>
internal sealed class BlobRestClient
{
    /// <summary>The REST API version spoken (Azurite 3.34 knows it).</summary>
    public const string ApiVersion = "2021-08-06";

    private readonly HttpClient _http;
    private readonly AzureBlobOptions _options;
    private readonly RetryPolicy _retry;
    private readonly SharedKeySigner? _signer;
    private readonly string? _sas;
    private readonly string _containerAddress;

    public BlobRestClient(HttpClient http, AzureBlobOptions options, RetryPolicy retry)
    {
        _http = http;
        _options = options;
        _retry = retry;
        var account = options.Account;
        if (account.AccountKey is { Length: > 0 } key) _signer = new SharedKeySigner(account.AccountName, key);
        else _sas = account.SasToken!.TrimStart('?');
        _containerAddress = account.BlobEndpoint.AbsoluteUri.TrimEnd('/') + "/" + options.Container;
        Description = $"container \"{options.Container}\" of Azure storage account \"{account.AccountName}\" at {account.BlobEndpoint.GetLeftPart(UriPartial.Path).TrimEnd('/')}";
    }

    /// <summary>"container "c" of Azure storage account "a" at http://…", for messages.</summary>
    public string Description { get; }

    public Uri ContainerUri(string query) => WithSas(_containerAddress + "?" + query);

    public Uri BlobUri(ArtifactKey key, string? query = null)
    {
        var path = string.Join('/', key.Value.Split('/').Select(Uri.EscapeDataString));
        return WithSas(_containerAddress + "/" + path + (query is null ? "" : "?" + query));
    }

    /// <summary>
    /// Sends the request that <paramref name="create"/> builds (afresh for every attempt) and
    /// returns the first answer that is not worth retrying, successful or not. With
    /// <paramref name="streamBody"/> the body is left on the wire for the caller; otherwise it is
    /// read within the attempt, so a connection lost mid-body is retried too.
    /// </summary>
    /// <exception cref="ArtifactStoreException">Every attempt failed (transient).</exception>
    public async Task<HttpResponseMessage> SendAsync(BlobOperation operation, string? target, Func<HttpRequestMessage> create,
        bool streamBody, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            string reason;
            Exception? error = null;
            TimeSpan? retryAfter = null;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(_options.RequestTimeout);
                HttpResponseMessage? response = null;
                try
                {
                    using var request = create();
                    Authorize(request);
                    response = await _http.SendAsync(request,
                        streamBody ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, timeout.Token);
                    if (!RetryPolicy.IsRetryable(response.StatusCode)) return response;
                    reason = (await BlobErrorResponse.ReadAsync(response, timeout.Token)).ToString();
                    retryAfter = response.Headers.RetryAfter?.Delta;
                    response.Dispose();
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    response?.Dispose();
                    throw;
                }
                catch (OperationCanceledException e)
                {
                    response?.Dispose();
                    reason = $"no answer within {_options.RequestTimeout.TotalSeconds:0.###} s";
                    error = e;
                }
                catch (HttpRequestException e)
                {
                    response?.Dispose();
                    reason = Describe(e);
                    error = e;
                }
                catch (IOException e)
                {
                    response?.Dispose();
                    reason = e.Message;
                    error = e;
                }
            }
            if (attempt >= _retry.Options.MaxAttempts)
            {
                var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                throw new ArtifactStoreException(
                    $"{operation.On(target)} on {Description} failed after {attempt} attempt{(attempt == 1 ? "" : "s")} over {seconds:0.0} s " +
                    $"(last: {reason}). Check that the blob endpoint is reachable and healthy, or allow more time with AzureBlobOptions.Retry.",
                    isTransient: true, error);
            }
            await _retry.WaitAsync(new RetryAttempt(attempt, _retry.DelayAfter(attempt, retryAfter), reason, operation.On(target)), cancellationToken);
        }
    }

    /// <summary>An exception for a failed, non-retryable answer, with what to do about it.</summary>
    public async Task<ArtifactStoreException> FailureAsync(HttpResponseMessage response, BlobOperation operation, string? target,
        CancellationToken cancellationToken)
    {
        var error = await BlobErrorResponse.ReadAsync(response, cancellationToken);
        var account = _options.Account.AccountName;
        var advice = (error.Status, error.Code) switch
        {
            (HttpStatusCode.Forbidden, "AuthenticationFailed" or "AuthorizationFailure") when _signer is not null =>
                $"Azure rejected the Shared Key signature for account \"{account}\": the account key is wrong or was rotated. Check AccountKey in the connection string.",
            (HttpStatusCode.Forbidden, _) when _sas is not null && operation == BlobOperation.CreateContainer =>
                $"The SAS token for account \"{account}\" may not create container \"{_options.Container}\" (a container SAS never can): create the container beforehand, or use an account SAS or the account key.",
            (HttpStatusCode.Forbidden, "AuthorizationPermissionMismatch" or "AuthorizationResourceTypeMismatch" or "AuthorizationServiceMismatch") when _sas is not null =>
                $"The SAS token for account \"{account}\" does not allow {operation.Name}: it needs the '{operation.SasPermission}' permission (sp=…). Issue a token that grants it.",
            (HttpStatusCode.Forbidden, _) when _sas is not null =>
                $"Azure rejected the SAS token for account \"{account}\": its signature is wrong, it expired or is not valid yet, or it was made for another account or container. Issue a new SharedAccessSignature for container \"{_options.Container}\" (this operation needs '{operation.SasPermission}').",
            (HttpStatusCode.Forbidden, _) =>
                $"Account \"{account}\" is not allowed to do {operation.Name}.",
            (HttpStatusCode.NotFound, "ContainerNotFound") =>
                $"The container \"{_options.Container}\" does not exist. Create it, or set AzureBlobOptions.CreateContainerIfMissing with credentials that may create it.",
            _ => "",
        };
        return new ArtifactStoreException(
            $"{operation.On(target)} on {Description} failed: {error}.{(advice.Length > 0 ? " " + advice : "")}",
            isTransient: false);
    }

    /// <summary>The error code of a failed answer (x-ms-error-code), without reading the body.</summary>
    public static string ErrorCode(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-ms-error-code", out var codes) ? codes.FirstOrDefault() ?? "" : "";

    private void Authorize(HttpRequestMessage request)
    {
        request.Headers.Remove("x-ms-date");
        request.Headers.Add("x-ms-date", DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture));
        request.Headers.Remove("x-ms-version");
        request.Headers.Add("x-ms-version", ApiVersion);
        _signer?.Sign(request);
    }

    private Uri WithSas(string address) =>
        new(_sas is null ? address : address + (address.Contains('?') ? "&" : "?") + _sas);

    private static string Describe(HttpRequestException e) => e.InnerException switch
    {
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "connection refused",
        SocketException { SocketErrorCode: SocketError.ConnectionReset } => "connection reset",
        SocketException s => $"socket error {s.SocketErrorCode}",
        IOException io => io.Message,
        _ => e.Message,
    };
}
