using System.Text.Json;
using System.Text.Json.Serialization;

namespace StyleFarm.Client.Cluster;

/// <summary>The JSON of cluster.json and of `cluster up/ps --json` (source-generated).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(ClusterState))]
[JsonSerializable(typeof(ClusterStatus))]
public sealed partial class ClusterJsonContext : JsonSerializerContext;
