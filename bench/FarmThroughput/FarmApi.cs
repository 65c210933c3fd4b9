using System.Net.Http.Headers;
using System.Net.Http.Json;
using StyleFarm.Silo.Api;

namespace StyleFarm.Bench.Throughput;

/// <summary>The two API routes the bench reads, through the API's own JSON contract: a job, and its tasks.</summary>
internal sealed class FarmApi : IDisposable
{
    private readonly HttpClient _http;

    /// <summary>A client of the farm at <paramref name="api"/> sending <paramref name="token"/>.</summary>
    public FarmApi(Uri api, string token)
    {
        _http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>GET /api/jobs/{id}.</summary>
    public async Task<JobView> JobAsync(string id, CancellationToken cancellationToken) =>
        await _http.GetFromJsonAsync($"api/jobs/{id}", ApiJsonContext.Default.JobView, cancellationToken)
        ?? throw new InvalidOperationException($"the farm answered nothing for job {id}");

    /// <summary>GET /api/jobs/{id}/tasks.</summary>
    public async Task<IReadOnlyList<TaskView>> TasksAsync(string id, CancellationToken cancellationToken) =>
        await _http.GetFromJsonAsync($"api/jobs/{id}/tasks", ApiJsonContext.Default.IReadOnlyListTaskView, cancellationToken)
        ?? throw new InvalidOperationException($"the farm answered nothing for the tasks of job {id}");

    public void Dispose() => _http.Dispose();
}
