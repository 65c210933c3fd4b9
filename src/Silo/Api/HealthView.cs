namespace StyleFarm.Silo.Api;

/// <summary>The answer of <c>GET /healthz</c> (no authentication): the silo serving it is up.</summary>
/// <param name="Status">"ok".</param>
/// <param name="Silo">The silo's name.</param>
public sealed record HealthView(string Status, string Silo);
