using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using StyleFarm.Grains.Cluster;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Silos;
using StyleFarm.Silo.Api.Access;
using StyleFarm.Silo.Execution;
using StyleFarm.Silo.Paths;

namespace StyleFarm.Silo.Api;

/// <summary>
/// The job routes over the job grains: submit, list (the job list grain), get, cancel, resume, retry-failed, the job's
/// tasks (<see cref="JobTaskList"/>, without waking its shot grains), and the events long poll. No route awaits a
/// task: each is a few short grain calls. A network job's stored model is checked at submit (<see cref="StoredModelCheck"/>).
/// Answers 400 for a bad request (with what was wrong), 404 for an unknown
/// job and 409 when the job's state forbids an action (with the reason).
/// </summary>
public sealed class JobEndpoints
{
    private readonly ApiServices _services;
    private readonly ApiOptions _options;
    private readonly JobViewBuilder _views;
    private readonly CancellationToken _stopping;
    private readonly ILogger _log;
    private readonly GrainCall _call;

    /// <summary>Routes over <paramref name="services"/>; long polls end early when <paramref name="stopping"/> is cancelled.</summary>
    public JobEndpoints(ApiServices services, ApiOptions options, CancellationToken stopping, ILogger log)
    {
        _log = log;
        _services = services;
        _options = options;
        _views = new JobViewBuilder(services.Metrics);
        _stopping = stopping;
        _call = new GrainCall(options.GrainCallTimeout, services.Time);
    }

    /// <summary>Adds the routes to <paramref name="api"/> (the <c>/api</c> group, which needs a viewer); the ones that change a job need the operator.</summary>
    public void Map(RouteGroupBuilder api)
    {
        api.MapPost("/jobs", SubmitAsync).RequireOperator("submitting jobs");
        api.MapGet("/jobs", ListAsync);
        api.MapGet("/jobs/{id}", GetAsync);
        api.MapGet("/jobs/{id}/tasks", TasksAsync);
        api.MapPost("/jobs/{id}/cancel", (string id, CancellationToken ct) => ActAsync(id, g => g.CancelAsync(), ct)).RequireOperator("cancelling jobs");
        api.MapPost("/jobs/{id}/resume", (string id, CancellationToken ct) => ActAsync(id, g => g.ResumeAsync(), ct)).RequireOperator("resuming jobs");
        api.MapPost("/jobs/{id}/retry-failed", (string id, CancellationToken ct) => ActAsync(id, g => g.RetryFailedAsync(), ct)).RequireOperator("retrying failed tasks");
        api.MapGet("/jobs/{id}/events", EventsAsync);
    }

    private IJobGrain Job(JobId id) => _services.Grains.GetGrain<IJobGrain>(id.ToString());

    private async Task<IResult> SubmitAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
            return ApiResults.BadRequest("send the job spec as JSON with Content-Type: application/json");
        if (request.ContentLength > JobLimits.MaxRequestBytes) return BodyTooLarge(request.ContentLength.Value);
        // A chunked body has no length: Kestrel stops reading it at the limit.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = JobLimits.MaxRequestBytes;
        SubmitJobRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync(ApiJsonContext.Default.SubmitJobRequest, cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return BodyTooLarge(null);
        }
        catch (JsonException e)
        {
            return ApiResults.BadRequest($"the request body is not a JSON job spec: {JsonProblem.Describe(e)}");
        }
        if (body is null) return ApiResults.BadRequest("the request body is empty: send a JSON job spec");
        JobSpec spec;
        try
        {
            spec = JobPreflight.Normalize(body.ToSpec(), folder: null);
            var settings = JobPreflight.CheckFields(spec, new PreflightOptions { RequireAbsolutePaths = true });
            // Before anything opens a file: a path outside the roots must be refused alike whether it exists or not.
            SubmittedPaths.Check(_services.Paths, spec);
            // The silo list is asked for only once the cheap checks have passed.
            var workers = await LiveWorkersAsync(cancellationToken);
            var preflight = new PreflightOptions { RequireAbsolutePaths = true, Silos = workers.Select(w => w.Capabilities).ToList(), SiloNames = workers.Select(w => w.Name).ToList() };
            await JobPreflight.CheckFilesAsync(spec, settings, preflight, cancellationToken);
            if (settings.Method == StylizationMethod.Network && StoredModel.IsReference(settings.Model!))
                await new StoredModelCheck(_services.Grains, _call, _services.Artifacts).CheckAsync(settings.Model!, cancellationToken);
        }
        catch (ArgumentException e)
        {
            return ApiResults.BadRequest($"the job spec is invalid: {ApiResults.MessageOf(e)}");
        }
        catch (PathRefusedException e)
        {
            return ApiResults.BadRequest(e.Message);
        }
        catch (JobRejectedException e)
        {
            return ApiResults.BadRequest($"the job spec is invalid: {e.Message}");
        }
        var id = JobId.New(_services.Time);
        await _call.WithinAsync(Job(id).SubmitAsync(spec), $"the submission of job {id}", cancellationToken);
        var status = await _call.WithinAsync(Job(id).StatusAsync(), $"job {id}'s status", cancellationToken) ?? throw new InvalidOperationException($"job {id} was submitted but its grain has no job");
        return TypedResults.Json(await _views.BuildAsync(status, cancellationToken), ApiJsonContext.Default.JobView, statusCode: StatusCodes.Status201Created);
    }

    // The names and capabilities of the active silos with the worker role whose metadata this silo knows; empty when none (silos may join later).
    private async Task<IReadOnlyList<(string Name, WorkerCapabilities Capabilities)>> LiveWorkersAsync(CancellationToken cancellationToken)
    {
        var hosts = await _call.WithinAsync(_services.Grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: true), "the silo list", cancellationToken);
        return hosts
            .Select(h => (h.SiloName, Metadata: _services.Metadata.GetSiloMetadata(h.SiloAddress).Metadata))
            .Where(h => SiloMetadataKeys.HasRole(h.Metadata, "worker"))
            .Select(h => (h.SiloName, SiloMetadataKeys.CapabilitiesOf(h.Metadata)))
            .ToList();
    }

    private static IResult BodyTooLarge(long? bytes) =>
        ApiResults.Error(StatusCodes.Status413PayloadTooLarge,
            $"the request body{(bytes is { } b ? $" has {b} bytes, which" : "")} is over the limit of {JobLimits.MaxRequestBytes} bytes: send a job spec, not data");

    private async Task<IResult> ListAsync(CancellationToken cancellationToken)
    {
        var jobs = await _call.WithinAsync(_services.Grains.GetGrain<IJobListGrain>(0).ListAsync(), "the job list", cancellationToken);
        IReadOnlyList<JobSummary> list = jobs.Select(JobSummary.Of).ToList();
        return TypedResults.Json(list, ApiJsonContext.Default.IReadOnlyListJobSummary);
    }

    private async Task<IResult> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (!JobId.TryParse(id, out var jobId)) return NotAJobId(id);
        var status = await _call.WithinAsync(Job(jobId).StatusAsync(), $"job {jobId}'s status", cancellationToken);
        if (status is null) return NoSuchJob(jobId);
        return TypedResults.Json(await _views.BuildAsync(status, cancellationToken), ApiJsonContext.Default.JobView);
    }

    private async Task<IResult> TasksAsync(string id, CancellationToken cancellationToken)
    {
        if (!JobId.TryParse(id, out var jobId)) return NotAJobId(id);
        var tasks = await _call.WithinAsync(_services.Tasks.ReadAsync(jobId, cancellationToken), $"job {jobId}'s tasks", cancellationToken);
        if (tasks is null) return NoSuchJob(jobId);
        IReadOnlyList<TaskView> list = tasks.Select(TaskView.Of).ToList();
        return TypedResults.Json(list, ApiJsonContext.Default.IReadOnlyListTaskView);
    }

    private async Task<IResult> ActAsync(string id, Func<IJobGrain, Task<Job>> action, CancellationToken cancellationToken)
    {
        if (!JobId.TryParse(id, out var jobId)) return NotAJobId(id);
        if (await _call.WithinAsync(Job(jobId).GetAsync(), $"job {jobId}", cancellationToken) is null) return NoSuchJob(jobId);
        try
        {
            await _call.WithinAsync(action(Job(jobId)), $"the action on job {jobId}", cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            // The job grain's refusals (an illegal move, resume of a running job) say why.
            return ApiResults.Conflict(e.Message);
        }
        var status = (await _call.WithinAsync(Job(jobId).StatusAsync(), $"job {jobId}'s status", cancellationToken))!;
        return TypedResults.Json(await _views.BuildAsync(status, cancellationToken), ApiJsonContext.Default.JobView);
    }

    private async Task<IResult> EventsAsync(string id, HttpRequest request, CancellationToken cancellationToken)
    {
        if (!JobId.TryParse(id, out var jobId)) return NotAJobId(id);
        if (!TryReadQuery(request, out var after, out var wait, out var timeout, out var problem)) return ApiResults.BadRequest(problem);
        if (await _call.WithinAsync(Job(jobId).GetAsync(), $"job {jobId}", cancellationToken) is null) return NoSuchJob(jobId);
        var deadline = _services.Time.GetUtcNow() + timeout;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping);
        var waited = false;
        while (true)
        {
            var all = await _call.WithinAsync(Job(jobId).EventsAsync(), $"job {jobId}'s events", cancellationToken);
            var events = all.Skip((int)Math.Min(after, all.Count)).Take(_options.EventPageSize)
                .Select((e, i) => JobEventView.Of(e, after + i + 1)).ToList();
            var remaining = deadline - _services.Time.GetUtcNow();
            if (events.Count > 0 || !wait || remaining <= TimeSpan.Zero || linked.IsCancellationRequested)
                return TypedResults.Json(new JobEventsView(events, events.Count > 0 ? events[^1].Sequence : after), ApiJsonContext.Default.JobEventsView);
            if (!waited)
            {
                _log.LogDebug("events of job {Job}: waiting up to {Seconds} s for an event after {After}", jobId, timeout.TotalSeconds, after);
                waited = true;
            }
            try
            {
                await Task.Delay(Min(remaining, _options.LongPollRecheckInterval), _services.Time, linked.Token);
            }
            catch (OperationCanceledException)
            {
                // The client left or the silo stops: answer with nothing new.
            }
        }
    }

    private bool TryReadQuery(HttpRequest request, out long after, out bool wait, out TimeSpan timeout, out string problem)
    {
        after = 0;
        wait = false;
        timeout = _options.LongPollTimeout;
        problem = "";
        var query = request.Query;
        if (query.TryGetValue("after", out var a) && !(long.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out after)))
        {
            problem = $"after='{a}' is not an event sequence: give a whole number ≥ 0 (the last sequence you saw)";
            return false;
        }
        if (query.TryGetValue("wait", out var w) && !bool.TryParse(w, out wait))
        {
            problem = $"wait='{w}' is not true or false";
            return false;
        }
        if (query.TryGetValue("timeout", out var t))
        {
            var max = (int)_options.MaxLongPollTimeout.TotalSeconds;
            if (!int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds < 1 || seconds > max)
            {
                problem = $"timeout='{t}' is out of range: give whole seconds 1 … {max}";
                return false;
            }
            timeout = TimeSpan.FromSeconds(seconds);
        }
        return true;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static IResult NotAJobId(string id) =>
        ApiResults.BadRequest($"'{id}' is not a job id: expected 32 hexadecimal digits, as GET /api/jobs lists them");

    private static IResult NoSuchJob(JobId id) =>
        ApiResults.NotFound($"job {id} does not exist: list the jobs with GET /api/jobs");
}
