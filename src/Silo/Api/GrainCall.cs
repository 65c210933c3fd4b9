using Microsoft.AspNetCore.Http;
using Orleans.Runtime.Messaging;

namespace StyleFarm.Silo.Api;

/// <summary>
/// One grain call of a route, bounded by <see cref="ApiOptions.GrainCallTimeout"/> on the API's clock. A call that does
/// not answer in time, or that Orleans could not deliver (its silo gone), becomes <see cref="FarmUnavailableException"/>,
/// which the API answers with 503 and a message that says to try again.
/// </summary>
public sealed class GrainCall(TimeSpan timeout, TimeProvider time)
{
    /// <summary>The answer of <paramref name="call"/> within the timeout.</summary>
    /// <param name="call">The grain call, already made.</param>
    /// <param name="what">What was asked, for the message ("job 0196…'s status").</param>
    /// <param name="cancellationToken">The request's abort.</param>
    /// <exception cref="FarmUnavailableException">No answer within the timeout, or the call could not reach its grain.</exception>
    public async Task<T> WithinAsync<T>(Task<T> call, string what, CancellationToken cancellationToken = default)
    {
        try
        {
            return await call.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new FarmUnavailableException($"the farm did not answer {what} within {timeout.TotalSeconds:0.#} s (a silo hosting its grains may have just died; " +
                "its grains move to another silo within seconds): try again", e);
        }
        catch (Exception e) when (e is SiloUnavailableException or OrleansMessageRejectionException or ConnectionFailedException)
        {
            throw new FarmUnavailableException($"the farm could not reach the grain for {what} ({e.GetType().Name}): try again in a few seconds", e);
        }
    }

    /// <summary>As <see cref="WithinAsync{T}(Task{T}, string, CancellationToken)"/> for a call without an answer.</summary>
    public async Task WithinAsync(Task call, string what, CancellationToken cancellationToken = default) =>
        await WithinAsync(Wrap(call), what, cancellationToken).ConfigureAwait(false);

    private static async Task<bool> Wrap(Task call)
    {
        await call.ConfigureAwait(false);
        return true;
    }
}

/// <summary>The farm did not answer a route's grain call in time or could not deliver it: answered 503, worth a retry.</summary>
public sealed class FarmUnavailableException(string message, Exception inner) : Exception(message, inner)
{
    /// <summary>The status the API answers it with.</summary>
    public const int Status = StatusCodes.Status503ServiceUnavailable;
}
