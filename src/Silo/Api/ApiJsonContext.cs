using System.Text.Json;
using System.Text.Json.Serialization;

namespace StyleFarm.Silo.Api;

/// <summary>
/// The API's JSON contract, generated at compile time (no reflection): camelCase names, enums as their
/// names. The server and <c>StyleFarmClient</c> both use it, so they cannot drift apart.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    AllowTrailingCommas = false)]
[JsonSerializable(typeof(SubmitJobRequest))]
[JsonSerializable(typeof(JobView))]
[JsonSerializable(typeof(IReadOnlyList<JobSummary>))]
[JsonSerializable(typeof(IReadOnlyList<TaskView>))]
[JsonSerializable(typeof(JobEventsView))]
[JsonSerializable(typeof(IReadOnlyList<SiloView>))]
[JsonSerializable(typeof(IReadOnlyList<TaskView>))]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(HealthView))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
