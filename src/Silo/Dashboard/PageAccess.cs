using Microsoft.AspNetCore.Http;

namespace StyleFarm.Silo.Dashboard;

/// <summary>What a page needs to know of the signed-in browser: the anti-forgery token its buttons send, and whether they may act.</summary>
/// <param name="CsrfToken">The request token for state-changing calls made from this page.</param>
/// <param name="IsOperator">Whether the browser signed in with the operator token (viewers see the buttons disabled).</param>
public sealed record PageAccess(string CsrfToken, bool IsOperator);

/// <summary>Reads a request's <see cref="PageAccess"/> (supplied by the API's sign-in).</summary>
public delegate PageAccess PageAccessReader(HttpContext context);
