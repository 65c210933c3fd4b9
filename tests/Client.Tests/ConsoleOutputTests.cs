using Spectre.Console;
using StyleFarm.Client.Cli;

namespace StyleFarm.Client.Tests;

/// <summary>Output sent to a file or a CI log, or with NO_COLOR set, is plain text: Spectre alone chose colours from TERM.</summary>
public sealed class ConsoleOutputTests
{
    [Theory]
    [InlineData(true, null)]
    [InlineData(false, "1")]
    public void MarkupIsWrittenWithoutEscapeCodes_WhereOutputIsRedirectedOrNoColorIsSet(bool redirected, string? noColor)
    {
        using var written = new StringWriter();
        var console = AnsiConsole.Create(ConsoleOutput.SettingsFor(redirected, noColor, written)!);

        console.MarkupLine("[blue]frame 3[/] pass [bold]1/1[/]");

        Assert.Equal("frame 3 pass 1/1", written.ToString().TrimEnd());
    }

    [Fact]
    public void ATerminalWithoutNoColorIsLeftToSpectresDetection() =>
        Assert.Null(ConsoleOutput.SettingsFor(redirected: false, noColor: null, TextWriter.Null));
}
