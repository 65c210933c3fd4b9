namespace StyleFarm.Client.Cli;

/// <summary>
/// Runs a command's body so that any failure becomes one line on stderr and a non-zero exit code:
/// users see what was wrong with which input, not a stack trace (set STYLEFARM_DEBUG=1 for one).
/// </summary>
public static class CommandErrors
{
    /// <summary>Exit code of a command that failed on its input or in its work.</summary>
    public const int Failed = 1;

    public static int Run(Func<int> body) => RunAsync(() => Task.FromResult(body())).GetAwaiter().GetResult();

    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("stylefarm: cancelled");
            return 130;
        }
        catch (Exception e)
        {
            var message = e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0].Message : e.Message;
            Console.Error.WriteLine($"stylefarm: error: {OneLine(message)}");
            if (Environment.GetEnvironmentVariable("STYLEFARM_DEBUG") == "1") Console.Error.WriteLine(e);
            return Failed;
        }
    }

    private static string OneLine(string message) =>
        string.Join(" | ", message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
