using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace StyleFarm.Silo.Tests.Cluster;

/// <summary>
/// Diagnostics: with STYLEFARM_TEST_SILO_LOGS set to a folder, each in-process farm writes its silos' logs (the farm's
/// grains and Orleans' directory, catalog and membership at Debug) to one file there, so a failure under load can be read
/// after the run. Unset, nothing is written.
/// </summary>
public sealed class SiloLogFile : ILoggerProvider
{
    private static readonly ConcurrentDictionary<string, StreamWriter> Files = new();
    private readonly StreamWriter _file;
    private readonly string _silo;

    private SiloLogFile(StreamWriter file, string silo) => (_file, _silo) = (file, silo);

    /// <summary>The folder named by STYLEFARM_TEST_SILO_LOGS, or null.</summary>
    public static string? Folder => Environment.GetEnvironmentVariable("STYLEFARM_TEST_SILO_LOGS") is { Length: > 0 } f ? f : null;

    /// <summary>Adds the file logger to <paramref name="logging"/> for silo <paramref name="silo"/> of the farm logging to <paramref name="path"/>.</summary>
    public static void Add(ILoggingBuilder logging, string path, string silo)
    {
        var file = Files.GetOrAdd(path, p => new StreamWriter(new FileStream(p, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true });
        logging.AddProvider(new SiloLogFile(file, silo));
        logging.SetMinimumLevel(LogLevel.Information);
        // What a lost offer or a stale activation would show: directory registrations, activations, membership views.
        foreach (var category in new[] { "Orleans.Runtime.GrainDirectory", "Orleans.Runtime.Catalog", "Orleans.Runtime.ActivationData", "Orleans.Runtime.MembershipService", "StyleFarm" })
            logging.AddFilter(category, LogLevel.Debug);
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Write(string line)
    {
        lock (_file) _file.WriteLine(line);
    }

    private sealed class Logger(SiloLogFile owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Write($"{DateTime.UtcNow:HH:mm:ss.fff} {owner._silo} {logLevel.ToString()[..4]} {category}: {formatter(state, exception)}{(exception is null ? "" : " | " + exception.ToString().ReplaceLineEndings(" / "))}");
    }
}
