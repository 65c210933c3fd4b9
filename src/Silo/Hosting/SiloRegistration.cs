using Microsoft.Extensions.Logging;
using StyleFarm.Grains.Silos;

namespace StyleFarm.Silo.Hosting;

/// <summary>
/// A silo's row in the registry: registered when the silo starts, heartbeated every
/// <see cref="SiloHealthOptions.HeartbeatInterval"/> (separately from any lease, so a silo busy with a
/// long task is not taken for dead), registered again if its row was removed, and removed when the
/// silo stops cleanly.
/// </summary>
public sealed class SiloRegistration
{
    private readonly ISiloRegistry _registry;
    private readonly SiloId _silo;
    private readonly WorkerCapabilities _capabilities;
    private readonly SiloHealthOptions _health;
    private readonly TimeProvider _time;
    private readonly ILogger _log;

    /// <summary>Registers <paramref name="silo"/> with <paramref name="capabilities"/> in <paramref name="registry"/>.</summary>
    public SiloRegistration(ISiloRegistry registry, SiloId silo, WorkerCapabilities capabilities, SiloHealthOptions health, TimeProvider time, ILogger log)
    {
        health.Validate();
        _registry = registry;
        _silo = silo;
        _capabilities = capabilities;
        _health = health;
        _time = time;
        _log = log;
    }

    /// <summary>Writes the silo's row (started and alive now).</summary>
    public Task RegisterAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        return _registry.RegisterSiloAsync(new SiloRecord(_silo, _capabilities, now, now), cancellationToken);
    }

    /// <summary>Heartbeats until <paramref name="stop"/> is cancelled; a failed heartbeat is logged and tried again next time.</summary>
    public async Task HeartbeatAsync(CancellationToken stop)
    {
        while (true)
        {
            try
            {
                await Task.Delay(_health.HeartbeatInterval, _time, stop).ConfigureAwait(false);
                if (!await _registry.HeartbeatSiloAsync(_silo, _time.GetUtcNow(), stop).ConfigureAwait(false))
                {
                    _log.LogWarning("silo {Silo}: its registry row was gone (removed as dead?); registering again", _silo);
                    await RegisterAsync(stop).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _log.LogWarning("silo {Silo}: heartbeat failed ({Error}); trying again in {Seconds} s", _silo, e.Message, _health.HeartbeatInterval.TotalSeconds);
            }
        }
    }

    /// <summary>Removes the silo's row (a clean shutdown); a failure is logged, since the row then simply goes stale.</summary>
    public async Task RemoveAsync()
    {
        try
        {
            await _registry.RemoveSiloAsync(_silo, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _log.LogWarning("silo {Silo}: could not remove its registry row ({Error}); it will show as dead", _silo, e.Message);
        }
    }
}
