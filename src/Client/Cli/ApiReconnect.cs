using System.Net;
using StyleFarm.Client.Api;

namespace StyleFarm.Client.Cli;

/// <summary>
/// Runs a read against the API again while the API cannot be reached (or answers 503) for at most
/// <see cref="WatchOptions.ReconnectFor"/>, waiting longer after each failed try; tells the user once when the API is
/// lost and once when it is back. Any other answer (a 404, a refused token) is not a lost API and goes up at once.
/// </summary>
public sealed class ApiReconnect(WatchOptions options, TimeProvider time, Action<string> say)
{
    private DateTimeOffset? _lostAt;

    /// <summary>The result of <paramref name="read"/>, tried again while the API is away; throws its last error once the bound has passed.</summary>
    public async Task<T> ReadAsync<T>(Func<Task<T>> read, CancellationToken cancellationToken)
    {
        var delay = options.FirstReconnectDelay;
        while (true)
        {
            try
            {
                var result = await read().ConfigureAwait(false);
                if (_lostAt is not null) say("the API answers again; following the job");
                _lostAt = null;
                return result;
            }
            catch (StyleFarmApiException e) when (IsAway(e))
            {
                var now = time.GetUtcNow();
                if (_lostAt is null)
                {
                    _lostAt = now;
                    say($"lost the API at {e.Server}, retrying for up to {options.ReconnectFor.TotalSeconds:0} s");
                }
                if (now - _lostAt.Value >= options.ReconnectFor)
                    throw new StyleFarmApiException(e.Server, e.Status, $"gave up after {options.ReconnectFor.TotalSeconds:0} s without the API: {e.Message}", e);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                delay = delay * 2 < options.MaxReconnectDelay ? delay * 2 : options.MaxReconnectDelay;
            }
        }
    }

    // Unreachable or timed out (no status), or a farm whose grains are moving (503).
    private static bool IsAway(StyleFarmApiException e) => e.Status is null or HttpStatusCode.ServiceUnavailable;
}
