using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Jobs;
using StyleFarm.Kernels.Video;
using StyleFarm.Silo.Api;

namespace StyleFarm.Silo.Dashboard;

/// <summary>
/// The dashboard's routes: the pages (<c>/</c> farm, <c>/jobs</c>, <c>/jobs/{id}</c>), their data as JSON
/// (<c>/dashboard/data/…</c>), their live updates (<c>/dashboard/live/…</c>), a running segment's thumbnails and the
/// script and style. Everything here only reads; the page's buttons call the API's job actions.
/// </summary>
public sealed class DashboardEndpoints
{
    private readonly DashboardReader _reader;
    private readonly Thumbnails? _thumbnails;
    private readonly SharedReads _reads;
    private readonly LiveStream _live;
    private readonly PageAccessReader _access;
    private readonly CancellationToken _stopping;
    private readonly ILogger _log;

    /// <summary>Routes over <paramref name="services"/>; live streams end when <paramref name="stopping"/> fires.</summary>
    public DashboardEndpoints(ApiServices services, IArtifactStore? artifacts, DashboardOptions options, GrainCall call, PageAccessReader access,
        CancellationToken stopping, ILogger log)
    {
        options.Validate();
        _reader = new DashboardReader(services, artifacts, options, call);
        _thumbnails = artifacts is null ? null : new Thumbnails(artifacts, options);
        _reads = new SharedReads(services.Time, options.RefreshInterval);
        _live = new LiveStream(_reads, options, services.Time);
        _access = access;
        _stopping = stopping;
        _log = log;
    }

    /// <summary>Adds the routes to <paramref name="pages"/> (a group that requires a signed-in viewer or operator).</summary>
    public void Map(IEndpointRouteBuilder pages)
    {
        var farm = Json<FarmPage>(async ct => await _reader.FarmAsync(ct).ConfigureAwait(false));
        var jobs = Json<JobsPage>(async ct => await _reader.JobsAsync(ct).ConfigureAwait(false));
        Func<CancellationToken, Task<byte[]?>> Job(JobId id) => Json<JobPage>(ct => _reader.JobAsync(id, ct));
        pages.MapGet("/", context => PageAsync(context, "farm", "Farm", "farm", farm));
        pages.MapGet("/jobs", context => PageAsync(context, "jobs", "Jobs", "jobs", jobs));
        pages.MapGet("/jobs/{id}", context => WithJob(context, id => PageAsync(context, "job", $"Job {id}", $"jobs/{id}", Job(id))));
        pages.MapGet("/dashboard/data/farm", context => DataAsync(context, "farm", farm));
        pages.MapGet("/dashboard/data/jobs", context => DataAsync(context, "jobs", jobs));
        pages.MapGet("/dashboard/data/jobs/{id}", context => WithJob(context, id => DataAsync(context, $"jobs/{id}", Job(id))));
        pages.MapGet("/dashboard/live/farm", context => _live.StreamAsync(context, "farm", farm, _stopping));
        pages.MapGet("/dashboard/live/jobs", context => _live.StreamAsync(context, "jobs", jobs, _stopping));
        pages.MapGet("/dashboard/live/jobs/{id}", context => WithJob(context, id => _live.StreamAsync(context, $"jobs/{id}", Job(id), _stopping)));
        pages.MapGet("/dashboard/jobs/{id}/frames/{shot:int}/{segment:int}/{pass:int}/{frame:int}.jpg", StylizedThumbAsync);
        pages.MapGet("/dashboard/jobs/{id}/input/{frame:int}.jpg", InputThumbAsync);
        pages.MapGet("/dashboard/assets/{name}", Asset);
    }

    private static Func<CancellationToken, Task<byte[]?>> Json<T>(Func<CancellationToken, Task<T?>> read) where T : class => async ct =>
    {
        var page = await read(ct).ConfigureAwait(false);
        return page is null ? null : JsonSerializer.SerializeToUtf8Bytes(page, typeof(T), DashboardJsonContext.Default);
    };

    private async Task PageAsync(HttpContext context, string kind, string title, string key, Func<CancellationToken, Task<byte[]?>> read)
    {
        var json = await _reads.GetAsync(key, read).WaitAsync(context.RequestAborted).ConfigureAwait(false);
        if (json is null)
        {
            await NotFound(context, $"there is no {kind} {context.Request.RouteValues["id"]}");
            return;
        }
        Secure(context.Response);
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(DashboardPage.Render(kind, title, "/dashboard/live/" + key, json, _access(context), AssetVersion), context.RequestAborted)
            .ConfigureAwait(false);
    }

    private async Task DataAsync(HttpContext context, string key, Func<CancellationToken, Task<byte[]?>> read)
    {
        var json = await _reads.GetAsync(key, read).WaitAsync(context.RequestAborted).ConfigureAwait(false);
        if (json is null)
        {
            await NotFound(context, $"there is no job {context.Request.RouteValues["id"]}");
            return;
        }
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.Body.WriteAsync(json, context.RequestAborted).ConfigureAwait(false);
    }

    private static Task WithJob(HttpContext context, Func<JobId, Task> route)
    {
        var id = context.Request.RouteValues["id"] as string ?? "";
        return JobId.TryParse(id, out var job) ? route(job) : ApiResults.BadRequest($"'{Shorten(id)}' is not a job id: expected 32 hexadecimal digits, as the jobs page lists them").ExecuteAsync(context);
    }

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";

    private static Task NotFound(HttpContext context, string message) => ApiResults.Error(StatusCodes.Status404NotFound, message).ExecuteAsync(context);

    private async Task StylizedThumbAsync(HttpContext context, string id, int shot, int segment, int pass, int frame)
    {
        if (!JobId.TryParse(id, out var jobId)) { await WithJob(context, _ => Task.CompletedTask); return; }
        var job = await _reader.JobRecordAsync(jobId, context.RequestAborted).ConfigureAwait(false);
        var owner = job?.Plan is null ? null : TaskGraphSegments(job).ElementAtOrDefault(shot)?.ElementAtOrDefault(segment);
        if (job is null || owner is null || pass < 1 || pass > job.Spec.Passes || !owner.Halo.Contains(frame) || _thumbnails is null)
        {
            await NotFound(context, $"job {id} has no frame {frame} of shot {shot}, segment {segment}, pass {pass}");
            return;
        }
        try
        {
            var version = context.Request.Query["v"].ToString();
            await Jpeg(context, await _thumbnails.StylizedAsync(ArtifactKey.Frame(jobId, owner, pass, frame), version, context.RequestAborted).ConfigureAwait(false),
                immutable: version.Length > 0);
        }
        catch (ArtifactNotFoundException)
        {
            await NotFound(context, $"frame {frame} of pass {pass} is not committed yet");
        }
    }

    private async Task InputThumbAsync(HttpContext context, string id, int frame)
    {
        if (!JobId.TryParse(id, out var jobId)) { await WithJob(context, _ => Task.CompletedTask); return; }
        var job = await _reader.JobRecordAsync(jobId, context.RequestAborted).ConfigureAwait(false);
        if (job is null || _thumbnails is null || frame < 0 || (job.Plan is { } plan && frame >= plan.FrameCount))
        {
            await NotFound(context, $"job {id} has no input frame {frame}");
            return;
        }
        try
        {
            await Jpeg(context, await _thumbnails.InputAsync(job, frame, context.RequestAborted).ConfigureAwait(false), immutable: true);
        }
        catch (Exception e) when (e is MediaException or IOException)
        {
            // The input moved or broke after the job began: the page shows no picture, the log says why.
            _log.LogWarning("dashboard: no thumbnail of input frame {Frame} of job {Job}: {Error}", frame, jobId, MediaInput.Redact(e.Message));
            await NotFound(context, $"input frame {frame} of job {id} cannot be read");
        }
    }

    private static IReadOnlyList<IReadOnlyList<Segment>> TaskGraphSegments(Job job) => Grains.Planning.TaskGraphBuilder.Segments(job.Spec, job.Plan!);

    private static Task Jpeg(HttpContext context, byte[] jpeg, bool immutable)
    {
        context.Response.ContentType = "image/jpeg";
        // A versioned frame never changes; private: thumbnails are behind the sign-in.
        context.Response.Headers.CacheControl = immutable ? "private, max-age=86400, immutable" : "no-store";
        return context.Response.Body.WriteAsync(jpeg, context.RequestAborted).AsTask();
    }

    private static void Secure(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = DashboardPage.ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-store";
    }

    // The script and style, read from the assembly once: they cannot change while the silo runs.
    private static readonly IReadOnlyDictionary<string, byte[]> Assets = new[] { "dashboard.js", "dashboard.css" }.ToDictionary(name => name, AssetBytes);

    /// <summary>A hash of the script and style, so each build's pages ask for their own.</summary>
    private static readonly string AssetVersion = Convert.ToHexString(SHA256.HashData(Assets["dashboard.js"].Concat(Assets["dashboard.css"]).ToArray()))[..12].ToLowerInvariant();

    private static byte[] AssetBytes(string name)
    {
        using var stream = typeof(DashboardEndpoints).Assembly.GetManifestResourceStream($"StyleFarm.Silo.Dashboard.Assets.{name}");
        if (stream is null) return [];
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static IResult Asset(string name)
    {
        var type = Path.GetExtension(name) switch { ".js" => "text/javascript; charset=utf-8", ".css" => "text/css; charset=utf-8", _ => null };
        var bytes = type is null ? [] : Assets.GetValueOrDefault(name, []);
        if (bytes.Length == 0) return ApiResults.Error(StatusCodes.Status404NotFound, $"there is no dashboard asset '{Shorten(name)}'");
        return Results.Bytes(bytes, type, lastModified: null, entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{AssetVersion}\""));
    }
}
