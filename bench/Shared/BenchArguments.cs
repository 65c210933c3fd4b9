using System.Globalization;

namespace StyleFarm.Bench.Shared;

/// <summary>What every bench's command line shares: a bad option is one line on standard error and exit code 2, before any work.</summary>
internal static class BenchArguments
{
    /// <summary>The exit code of a bench given a bad command line.</summary>
    public const int BadUsage = 2;

    /// <summary><paramref name="parse"/>'s options, or null once the reason it refused them is printed, prefixed with <paramref name="bench"/>.</summary>
    public static T? Parse<T>(string bench, string[] args, Func<string[], T> parse) where T : class
    {
        try
        {
            return parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException)
        {
            Console.Error.WriteLine($"{bench}: {e.Message}");
            return null;
        }
    }

    /// <summary><paramref name="text"/> as a whole number of at least <paramref name="least"/>; else why not, naming the option.</summary>
    public static int Whole(string text, string name, int least) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= least ? v
            : throw new ArgumentException($"{name} takes a whole number ≥ {least}, got '{text}'");
}
