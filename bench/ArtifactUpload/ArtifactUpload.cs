#:project ../../src/Silo/Silo.csproj
// Upload throughput of the artifact stores: a 5 MiB object to Azurite as one Put Blob, as 1 MiB
// blocks (4 at a time and one at a time), and to a local folder. Prints figures; never fails on time.
// Run from the repository root after the Silo tests have installed Azurite into build/azurite:
//   dotnet run bench/ArtifactUpload/ArtifactUpload.cs [repetitions]
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StyleFarm.Grains.Artifacts;
using StyleFarm.Silo.Storage.Artifacts;

var repetitions = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 15;
var script = Path.GetFullPath("build/azurite/node_modules/azurite/dist/src/blob/main.js");
if (!File.Exists(script))
{
    Console.Error.WriteLine($"{script} is missing: run the Silo tests once (they install Azurite), or npm install --prefix build/azurite azurite@3.34.0.");
    return 1;
}

var data = Directory.CreateTempSubdirectory("stylefarm-bench-").FullName;
int port;
using (var probe = new TcpListener(IPAddress.Loopback, 0)) { probe.Start(); port = ((IPEndPoint)probe.LocalEndpoint).Port; }
var start = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
foreach (var a in new[] { script, "--blobHost", "127.0.0.1", "--blobPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--location", data, "--skipApiVersionCheck", "--silent", "--disableTelemetry" })
    start.ArgumentList.Add(a);
using var azurite = Process.Start(start)!;
try
{
    var deadline = Stopwatch.StartNew();
    while (true)
    {
        try { using var c = new TcpClient(); await c.ConnectAsync(IPAddress.Loopback, port); break; }
        catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(30)) { await Task.Delay(25); }
    }

    var bytes = new byte[5 << 20];
    new Random(1).NextBytes(bytes);
    using var http = new HttpClient();
    var account = AzureBlobAccount.Development(port);
    AzureBlobOptions Options(long threshold, int concurrency) => new()
    {
        Account = account, Container = "bench", SinglePutThreshold = threshold, BlockSize = 1 << 20, BlockUploadConcurrency = concurrency,
    };
    var cases = new (string Name, IArtifactStore Store)[]
    {
        ("Azurite, one Put Blob", new AzureBlobArtifactStore(Options(8 << 20, 4), http)),
        ("Azurite, 1 MiB blocks x4 parallel", new AzureBlobArtifactStore(Options(1 << 20, 4), http)),
        ("Azurite, 1 MiB blocks x1", new AzureBlobArtifactStore(Options(1 << 20, 1), http)),
        ("folder (fsync + rename)", new FolderArtifactStore(Path.Combine(data, "folder"))),
    };
    Console.WriteLine($"5 MiB put, median of {repetitions} after one warm-up, {Environment.ProcessorCount} cores");
    foreach (var (name, store) in cases)
    {
        var key = new ArtifactKey("bench/object.bin");
        await store.PutAsync(key, bytes);
        var seconds = new List<double>();
        for (var i = 0; i < repetitions; i++)
        {
            var timer = Stopwatch.StartNew();
            await store.PutAsync(key, bytes);
            seconds.Add(timer.Elapsed.TotalSeconds);
        }
        seconds.Sort();
        var median = seconds[seconds.Count / 2];
        var check = await store.GetAsync(key);
        Console.WriteLine($"  {name,-36} {median * 1000,7:0.0} ms  {5 / median,7:0.0} MiB/s  (byte-exact: {check.AsSpan().SequenceEqual(bytes)})");
    }
    return 0;
}
finally
{
    azurite.Kill(entireProcessTree: true);
    await azurite.WaitForExitAsync();
    Directory.Delete(data, recursive: true);
}
