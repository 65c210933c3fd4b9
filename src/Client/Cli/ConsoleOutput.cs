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
        if (SettingsFor(Console.IsOutputRedirected, Environment.GetEnvironmentVariable("NO_COLOR"), Console.Out) is { } settings)
            AnsiConsole.Console = AnsiConsole.Create(settings);
    }

    /// <summary>The settings of a plain-text console writing to <paramref name="output"/>; null where Spectre may detect colours itself.</summary>
    /// <param name="redirected">Standard output goes to a file or a pipe.</param>
    /// <param name="noColor">The NO_COLOR variable (any non-empty value asks for no colours).</param>
    /// <param name="output">Where the console writes.</param>
    public static AnsiConsoleSettings? SettingsFor(bool redirected, string? noColor, TextWriter output) =>
        !redirected && string.IsNullOrEmpty(noColor) ? null : new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        };
}
