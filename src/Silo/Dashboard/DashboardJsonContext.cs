using System.Text.Json;
using System.Text.Json.Serialization;

namespace StyleFarm.Silo.Dashboard;

/// <summary>The dashboard's JSON, generated at build time like the API's (camelCase, enums by name).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(FarmPage))]
[JsonSerializable(typeof(JobsPage))]
[JsonSerializable(typeof(JobPage))]
[JsonSerializable(typeof(string))]
public sealed partial class DashboardJsonContext : JsonSerializerContext;
