using System.Net;
using System.Net.Http.Json;
using System.Text;
using StyleFarm.Silo.Api;

namespace StyleFarm.Silo.Tests.Api;

/// <summary>Requests and answers of the API tests, through the API's own JSON contract.</summary>
public static class ApiJson
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The folder the test silos may write outputs under (their output root): the API checks that an output's folder
    /// takes new files and that nothing stands at its name, so the jobs' outputs name a real folder, once per test run.
    /// </summary>
    public static readonly string Outputs = Directory.CreateTempSubdirectory("stylefarm-api-outputs-").FullName;

    /// <summary>A valid request: real files the submit check reads (a 12-frame clip, the painting) and an output under the silos' output root; nothing runs it in these tests.</summary>
    public static SubmitJobRequest Spec(string? preset = "preview", int? halo = null, string? input = null) => new()
    {
        Input = input ?? ApiMedia.Clip,
        StyleImages = [ApiMedia.Style],
        Preset = preset,
        Output = Path.Combine(Outputs, "films", "out.mp4"),
        Halo = halo,
    };

    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<(HttpStatusCode Status, JobView? Job, string? Error)> SubmitAsync(HttpClient http, SubmitJobRequest request)
    {
        using var response = await http.PostAsJsonAsync("/api/jobs", request, ApiJsonContext.Default.SubmitJobRequest);
        return await ReadJobAsync(response);
    }

    public static async Task<(HttpStatusCode Status, JobView? Job, string? Error)> PostAsync(HttpClient http, string path)
    {
        using var response = await http.PostAsync(path, null);
        return await ReadJobAsync(response);
    }

    public static async Task<JobView> GetJobAsync(HttpClient http, string id)
    {
        using var response = await http.GetAsync($"/api/jobs/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync(ApiJsonContext.Default.JobView))!;
    }

    public static async Task<string> ErrorOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync(ApiJsonContext.Default.ApiError))!.Error;

    public static async Task<JobEventsView> EventsAsync(HttpClient http, string id, long after, bool wait = false, int? timeout = null, CancellationToken cancellationToken = default)
    {
        var query = $"/api/jobs/{id}/events?after={after}" + (wait ? "&wait=true" : "") + (timeout is { } t ? $"&timeout={t}" : "");
        using var response = await http.GetAsync(query, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync(ApiJsonContext.Default.JobEventsView, cancellationToken))!;
    }

    private static async Task<(HttpStatusCode, JobView?, string?)> ReadJobAsync(HttpResponseMessage response)
    {
        if (response.IsSuccessStatusCode)
            return (response.StatusCode, await response.Content.ReadFromJsonAsync(ApiJsonContext.Default.JobView), null);
        return (response.StatusCode, null, await ErrorOf(response));
    }
}
