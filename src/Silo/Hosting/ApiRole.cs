using Microsoft.Extensions.Logging;
using StyleFarm.Silo.Api;

namespace StyleFarm.Silo.Hosting;

/// <summary>The API role: serves <see cref="ApiServer"/> until stopped.</summary>
public sealed class ApiRole(ApiServer server, ILogger log) : ISiloRole
{
    private readonly TaskCompletionSource<IReadOnlyList<Uri>> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <inheritdoc />
    public string Name => "api";

    /// <summary>Completes with the addresses the API listens on once it does; faults when it cannot start.</summary>
    public Task<IReadOnlyList<Uri>> Listening => _listening.Task;

    /// <inheritdoc />
    public async Task RunAsync(CancellationToken stop)
    {
        await using (server.ConfigureAwait(false))
        {
            try
            {
                var addresses = await server.StartAsync(stop).ConfigureAwait(false);
                log.LogInformation("api: listening on {Addresses}", string.Join(", ", addresses));
                _listening.TrySetResult(addresses);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                _listening.TrySetCanceled(stop);
                return;
            }
            catch (Exception e)
            {
                _listening.TrySetException(e);
                throw;
            }
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
            await server.StopAsync().ConfigureAwait(false);
            log.LogInformation("api: stopped");
        }
    }
}
