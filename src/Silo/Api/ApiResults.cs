using Microsoft.AspNetCore.Http;

namespace StyleFarm.Silo.Api;

/// <summary>The API's answers, all JSON through <see cref="ApiJsonContext"/>.</summary>
public static class ApiResults
{
    /// <summary>An error answer: <paramref name="status"/> with <c>{"error": message}</c>.</summary>
    public static IResult Error(int status, string message) =>
        TypedResults.Json(new ApiError(message), ApiJsonContext.Default.ApiError, statusCode: status);

    /// <summary>400 Bad Request with <paramref name="message"/>.</summary>
    public static IResult BadRequest(string message) => Error(StatusCodes.Status400BadRequest, message);

    /// <summary>404 Not Found with <paramref name="message"/>.</summary>
    public static IResult NotFound(string message) => Error(StatusCodes.Status404NotFound, message);

    /// <summary>409 Conflict with <paramref name="message"/>: the job's state forbids the action.</summary>
    public static IResult Conflict(string message) => Error(StatusCodes.Status409Conflict, message);

    /// <summary>The message of <paramref name="e"/> without the " (Parameter 'x')" suffix ArgumentException adds.</summary>
    public static string MessageOf(Exception e)
    {
        var message = e.Message;
        if (e is ArgumentException { ParamName: { } name })
        {
            var suffix = $" (Parameter '{name}')";
            if (message.EndsWith(suffix, StringComparison.Ordinal)) message = message[..^suffix.Length];
        }
        return message;
    }
}
