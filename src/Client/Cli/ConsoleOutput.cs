using Spectre.Console;

namespace StyleFarm.Client.Cli;

/// <summary>
/// How the program writes to the terminal: Spectre.Console picks colours from TERM alone, so output sent to a file or a
/// CI log would carry escape codes; there (and where NO_COLOR is set) it writes plain text.
/// </summary>
public static class ConsoleOutput
{
    /// <summary>Plain text where standard output is not a terminal or NO_COLOR is set; Spectre's own detection otherwise.</summary>
    public static void Configure()
    {
        if (!Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))) return;
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Console.Out),
        });
    }
}
