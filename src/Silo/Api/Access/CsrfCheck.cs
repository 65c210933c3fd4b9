using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;

namespace StyleFarm.Silo.Api.Access;

/// <summary>
/// Middleware after authorization: a request that may change something (not GET, HEAD, OPTIONS or TRACE) and that the
/// session cookie authenticated must carry the page's CSRF token (<see cref="CsrfToken"/>), else 400. A request with a
/// bearer header needs none: a browser never adds that header on its own, so another site cannot forge one.
/// </summary>
public sealed class CsrfCheck(RequestDelegate next, IAntiforgery antiforgery)
{
    /// <summary>What a cookie request without a valid token is told.</summary>
    public const string Missing =
        "this request came with the sign-in cookie but without a valid CSRF token: send the page's token in the X-CSRF-TOKEN header (reload the page if it is old)";

    /// <summary>Checks the request, then passes it on.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        if (ChangesState(context.Request.Method) && AccessSchemes.ByCookie(context))
        {
            try
            {
                await antiforgery.ValidateRequestAsync(context);
            }
            catch (AntiforgeryValidationException)
            {
                await ApiResults.Error(StatusCodes.Status400BadRequest, Missing).ExecuteAsync(context);
                return;
            }
        }
        await next(context);
    }

    private static bool ChangesState(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method));
}
