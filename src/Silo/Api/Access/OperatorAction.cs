namespace StyleFarm.Silo.Api.Access;

/// <summary>Endpoint metadata naming what an operator-only route does, for the 403 a viewer gets ("cancelling jobs needs the operator token").</summary>
/// <param name="Description">The action as a gerund phrase, e.g. "cancelling jobs".</param>
public sealed record OperatorAction(string Description);
