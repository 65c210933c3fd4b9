using Npgsql;
using StyleFarm.Grains.Signals;

namespace StyleFarm.Silo.Storage.Tasks;

/// <summary>
/// One LISTEN connection per store instance, opened on first use, that turns the store's NOTIFY
/// channels into <see cref="SignalHub"/> raises. When the connection breaks it reconnects (waiting a
/// little longer after each failure) and raises every hub once, since notifications sent while it was
/// away are lost: the listeners look for themselves.
/// </summary>
internal sealed class PostgresNotificationListener : IAsyncDisposable
{
    /// <summary>The channel the task triggers notify when a task may have become leasable.</summary>
    public const string WorkChannel = "stylefarm_work";

    /// <summary>The channel the job triggers notify when a job changes or gets an event.</summary>
    public const string JobsChannel = "stylefarm_jobs";

    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(10);

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _store;
    private readonly SemaphoreSlim _start = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public PostgresNotificationListener(NpgsqlDataSource dataSource, string store)
    {
        _dataSource = dataSource;
        _store = store;
    }

    /// <summary>Raised on <see cref="WorkChannel"/>.</summary>
    public SignalHub Work { get; } = new();

    /// <summary>Raised on <see cref="JobsChannel"/>.</summary>
    public SignalHub Jobs { get; } = new();

    /// <summary>Returns once LISTEN is in place (at once after the first time).</summary>
    /// <exception cref="IOException">The first connection failed; a later call tries again.</exception>
    public async Task EnsureListeningAsync(CancellationToken cancellationToken)
    {
        await _start.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
            if (_loop is { IsCompleted: false }) return;
            var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _loop = Task.Run(() => RunAsync(listening), CancellationToken.None);
            await listening.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            _start.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null) await _loop;
        _stop.Dispose();
        _start.Dispose();
    }

    private async Task RunAsync(TaskCompletionSource listening)
    {
        var retry = FirstRetry;
        while (true)
        {
            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync(_stop.Token);
                connection.Notification += (_, e) => (e.Channel == WorkChannel ? Work : Jobs).Raise();
                await using (var command = new NpgsqlCommand($"LISTEN {WorkChannel}; LISTEN {JobsChannel}", connection))
                    await command.ExecuteNonQueryAsync(_stop.Token);
                if (!listening.TrySetResult())
                {
                    // Back after a broken connection: what was notified meanwhile is lost, so wake everyone.
                    Work.Raise();
                    Jobs.Raise();
                }
                retry = FirstRetry;
                while (true) await connection.WaitAsync(_stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                listening.TrySetCanceled();
                return;
            }
            catch (Exception e) when (e is NpgsqlException or IOException or TimeoutException)
            {
                if (!listening.Task.IsCompleted)
                {
                    // The caller is told; its next call starts over.
                    listening.TrySetException(new IOException($"cannot LISTEN for wake-ups on the task store {_store}: {e.Message}", e));
                    return;
                }
            }
            try
            {
                await Task.Delay(retry, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            retry = retry * 2 < LongestRetry ? retry * 2 : LongestRetry;
        }
    }
}
