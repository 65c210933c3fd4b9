namespace StyleFarm.Silo.Api;

/// <summary>The answer of <c>GET /api/jobs/{id}/events</c>.</summary>
/// <param name="Events">The events after the requested sequence, oldest first (empty when a long poll timed out).</param>
/// <param name="Last">The sequence to pass as <c>after</c> next: the last event's, or the requested one when there are none.</param>
public sealed record JobEventsView(IReadOnlyList<JobEventView> Events, long Last);
