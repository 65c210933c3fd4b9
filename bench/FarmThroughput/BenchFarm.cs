using System.Globalization;
using System.Text.Json;

namespace StyleFarm.Bench.Throughput;

/// <summary>
/// One local farm brought up by `stylefarm cluster up --silos N --data DIR` (PostgreSQL, Azurite, N silo
/// processes) and brought down by disposing it. A fresh data folder per farm, so no run sees another's jobs or caches.
/// </summary>
internal sealed class BenchFarm : IAsyncDisposable
{
    // Generous: up initialises a PostgreSQL cluster and waits for every silo to register.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private readonly string _stylefarm;

    private BenchFarm(string stylefarm, string data, Uri api, string token)
    {
        _stylefarm = stylefarm;
        Data = data;
        Api = api;
        Token = token;
    }

    /// <summary>The farm's data folder.</summary>
    public string Data { get; }

    /// <summary>The API's address.</summary>
    public Uri Api { get; }

    /// <summary>The API token.</summary>
    public string Token { get; }

    /// <summary>The roots of a bench farm: its jobs read the clip and outputs in <paramref name="work"/> and the painting <paramref name="style"/>.</summary>
    public static string[] Roots(string work, string style) =>
        ["--input-root", work, "--input-root", Path.GetDirectoryName(Path.GetFullPath(style))!, "--output-root", work];

    /// <summary>
    /// Starts a farm of <paramref name="silos"/> silos in <paramref name="data"/> with the path roots <paramref name="roots"/>
    /// (<see cref="Roots"/>); each silo's libtorch uses <paramref name="threads"/> threads (null: its default).
    /// </summary>
    public static async Task<BenchFarm> UpAsync(string stylefarm, string data, int silos, int? threads, string[] roots, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string>();
        // The silos inherit cluster up's environment; libtorch's OpenMP pool reads this at start-up.
        if (threads is { } t) environment["OMP_NUM_THREADS"] = t.ToString(CultureInfo.InvariantCulture);
        string json;
        try
        {
            json = await Commands.RunAsync(stylefarm, ["cluster", "up", "--silos", silos.ToString(CultureInfo.InvariantCulture), "--data", data, "--json", .. roots],
                Patience, environment, cancellationToken);
        }
        catch
        {
            // Whatever did start is recorded in the data folder; stop it before reporting.
            await DownAsync(stylefarm, data);
            throw;
        }
        using var state = JsonDocument.Parse(json);
        return new BenchFarm(stylefarm, data, new Uri(state.RootElement.GetProperty("api").GetString()!), state.RootElement.GetProperty("token").GetString()!);
    }

    /// <summary>`stylefarm submit` with <paramref name="args"/> and this farm's address and token; returns the job id.</summary>
    public async Task<string> SubmitAsync(IReadOnlyList<string> args, CancellationToken cancellationToken) =>
        (await Commands.RunAsync(_stylefarm, ["submit", .. args, "--server", Api.ToString(), "--token", Token], Patience, null, cancellationToken)).Trim();

    /// <summary>Stops the farm (cluster down); its data folder stays for the caller to remove.</summary>
    public ValueTask DisposeAsync() => new(DownAsync(_stylefarm, Data));

    private static async Task DownAsync(string stylefarm, string data)
    {
        try
        {
            await Commands.RunAsync(stylefarm, ["cluster", "down", "--data", data], Patience);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            Console.Error.WriteLine($"farm-throughput: could not bring the farm in {data} down ({e.Message}); bench/farm-throughput.sh tries again on exit");
        }
    }
}
