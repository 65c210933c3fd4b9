namespace StyleFarm.Kernels.Models;

/// <summary>
/// The folder of installed network weights. <see cref="InstallAsync"/> copies or downloads a
/// safetensors file once, checks it against the network's layout and commits it under
/// "{name}.safetensors" by rename, so a failed or interrupted install never leaves a partial file
/// under that name.
/// </summary>
public sealed class ModelStore(ModelStoreOptions options, ModelCatalog catalog, HttpClient http)
{
    private const string Extension = ".safetensors";
    private const string PartialExtension = ".partial";

    /// <summary>The store's folder (it may not exist until the first install).</summary>
    public string Folder { get; } = Path.GetFullPath(options.Folder);

    /// <summary>The networks this store knows.</summary>
    public ModelCatalog Catalog { get; } = catalog;

    /// <summary>Where <paramref name="name"/>'s weights are (or would be) installed.</summary>
    public string PathFor(string name)
    {
        Catalog.Get(name);
        return Path.Combine(Folder, name + Extension);
    }

    /// <summary>
    /// Installs <paramref name="name"/>'s weights from <paramref name="source"/>, a file path or an
    /// http(s) URL. The file must be a valid safetensors file holding every tensor of the layout with
    /// its exact shape (<see cref="ModelFileValidator"/>). When the same file is installed already
    /// (same SHA-256) it is left as is and the result says so.
    /// </summary>
    public async Task<ModelInstallResult> InstallAsync(string name, string source, CancellationToken cancellation = default)
    {
        var layout = Catalog.Get(name);
        var target = PathFor(name);
        Directory.CreateDirectory(Folder);
        var partial = Path.Combine(Folder, $".{name}.{Guid.NewGuid():N}{PartialExtension}");
        try
        {
            var (sha256, bytes) = TryParseUrl(source, out var url)
                ? await DownloadAsync(url, partial, cancellation)
                : await CopyAsync(source, partial, cancellation);
            Validate(partial, source, layout);
            if (File.Exists(target) && new FileInfo(target).Length == bytes && FileHash.Sha256(target) == sha256)
                return new ModelInstallResult(name, target, sha256, bytes, AlreadyInstalled: true);
            File.Move(partial, target, overwrite: true);
            return new ModelInstallResult(name, target, sha256, bytes, AlreadyInstalled: false);
        }
        finally
        {
            if (File.Exists(partial)) File.Delete(partial);
        }
    }

    /// <summary>The installed weights file of <paramref name="name"/>, or null when none is installed.</summary>
    public string? TryGet(string name)
    {
        var path = PathFor(name);
        return File.Exists(path) ? path : null;
    }

    /// <summary>Every known model that has weights installed, in catalog order.</summary>
    public IReadOnlyList<InstalledModel> List()
    {
        var installed = new List<InstalledModel>();
        foreach (var name in Catalog.Names)
        {
            var file = new FileInfo(PathFor(name));
            if (file.Exists) installed.Add(new InstalledModel(name, file.FullName, file.Length, file.LastWriteTimeUtc));
        }
        return installed;
    }

    /// <summary>
    /// The weights of <paramref name="name"/>: the installed file when there is one, otherwise a seeded
    /// random-weight network of the same shape (its <see cref="IFeatureWeights.Description"/> says so).
    /// </summary>
    public IFeatureWeights OpenWeights(string name, ulong randomSeed)
    {
        var layout = Catalog.Get(name);
        var path = TryGet(name);
        return path is null
            ? new RandomFeatureWeights(layout, randomSeed,
                $"no {name} weights installed (run `stylefarm models install {name} PATH|URL`)")
            : FileFeatureWeights.Open(path, layout);
    }

    private static void Validate(string partial, string source, FeatureNetworkLayout layout)
    {
        try
        {
            using var file = SafeTensorsFile.Open(partial);
            ModelFileValidator.Validate(file, layout);
        }
        catch (InvalidModelFileException e)
        {
            // Name the file the user gave, not our temporary copy.
            throw new InvalidModelFileException(source, e.Problem);
        }
    }

    private static bool TryParseUrl(string source, out Uri url)
    {
        if (Uri.TryCreate(source, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https")
        {
            url = parsed;
            return true;
        }
        if (parsed is { IsFile: false } && parsed.Scheme.Length > 1)
            throw new ArgumentException($"cannot install from '{source}': only file paths and http(s) URLs are supported", nameof(source));
        url = null!;
        return false;
    }

    private static async Task<(string, long)> CopyAsync(string source, string partial, CancellationToken cancellation)
    {
        var path = Uri.TryCreate(source, UriKind.Absolute, out var uri) && uri.IsFile ? uri.LocalPath : source;
        if (Directory.Exists(path)) throw new ArgumentException($"cannot install from '{source}': it is a folder, not a .safetensors file", nameof(source));
        if (!File.Exists(path)) throw new FileNotFoundException($"weights file not found: {source}", path);
        await using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        await using var output = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        return await FileHash.CopyAndHashAsync(input, output, cancellation);
    }

    private async Task<(string, long)> DownloadAsync(Uri url, string partial, CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(options.DownloadTimeout);
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
                throw new HttpRequestException($"downloading {url} failed: HTTP {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
            var expected = response.Content.Headers.ContentLength;
            await using var input = await response.Content.ReadAsStreamAsync(timeout.Token);
            await using var output = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            var (sha256, bytes) = await FileHash.CopyAndHashAsync(input, output, timeout.Token);
            if (expected is { } length && length != bytes)
                throw new HttpRequestException($"downloading {url} failed: the server announced {length} bytes but sent {bytes}");
            return (sha256, bytes);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new TimeoutException($"downloading {url} took longer than {options.DownloadTimeout} (ModelStoreOptions.DownloadTimeout)");
        }
        catch (HttpRequestException e) when (!e.Message.Contains(url.ToString(), StringComparison.Ordinal))
        {
            throw new HttpRequestException($"downloading {url} failed: {e.Message}", e, e.StatusCode);
        }
        catch (IOException e)
        {
            throw new IOException($"downloading {url} failed: {e.Message}", e);
        }
    }
}
