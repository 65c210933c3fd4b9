using Microsoft.Extensions.Logging;

namespace StyleFarm.Silo.Tests.Api;

/// <summary>A logger factory that keeps every formatted message (and exception), to check what a silo logs.</summary>
public sealed class RecordingLogs : ILoggerProvider
{
    private readonly List<string> _lines = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource Seen)> _waiters = [];

    public RecordingLogs() => Factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(this));

    public ILoggerFactory Factory { get; }

    public IReadOnlyList<string> Lines
    {
        get { lock (_lines) return [.. _lines]; }
    }

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void Dispose()
    {
    }

    /// <summary>Completes when a line matching <paramref name="match"/> has been logged (before or after the call).</summary>
    public Task WaitForAsync(Func<string, bool> match, TimeSpan deadline)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lines)
        {
            if (_lines.Any(match)) return Task.CompletedTask;
            _waiters.Add((match, seen));
        }
        return seen.Task.WaitAsync(deadline);
    }

    private void Add(string line)
    {
        List<TaskCompletionSource> woken;
        lock (_lines)
        {
            _lines.Add(line);
            woken = _waiters.Where(w => w.Match(line)).Select(w => w.Seen).ToList();
            _waiters.RemoveAll(w => woken.Contains(w.Seen));
        }
        foreach (var w in woken) w.TrySetResult();
    }

    private sealed class Recorder(RecordingLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Add($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
