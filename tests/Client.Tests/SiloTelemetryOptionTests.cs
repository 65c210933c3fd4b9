namespace StyleFarm.Client.Tests;

/// <summary>`stylefarm silo --otlp-endpoint/--otlp-protocol/--prometheus`: a wrong combination is refused with one line before anything starts.</summary>
public sealed class SiloTelemetryOptionTests
{
    [Theory]
    [InlineData("worker", "--prometheus", null, "stylefarm: error: --prometheus serves /metrics on the API's port: give it to a silo with the api role, or leave it out")]
    [InlineData("api", "--otlp-endpoint", "ftp://collector:4317", "stylefarm: error: --otlp-endpoint must be an http:// or https:// URL, e.g. http://otel-collector:4317")]
    [InlineData("api", "--otlp-endpoint", "collector:4317", "stylefarm: error: --otlp-endpoint must be an http:// or https:// URL, e.g. http://otel-collector:4317")]
    [InlineData("api", "--otlp-endpoint", "http://ops:hunter2@collector:4317", "stylefarm: error: --otlp-endpoint carries credentials: remove them from the URL and set OTEL_EXPORTER_OTLP_HEADERS instead")]
    [InlineData("api", "--otlp-protocol", "udp", "stylefarm: error: --otlp-protocol udp: give grpc or http")]
    public void AWrongTelemetryOptionFailsWithOneLine(string roles, string option, string? value, string expected)
    {
        using var folder = new TempFolder();
        string[] telemetry = value is null ? [option] : [option, value];
        var result = StyleFarmCli.Run(["silo", "--role", roles, "--store", $"folder:{folder.File("x")}", "--artifacts", $"folder:{folder.File("a")}",
            "--token", FarmSilo.Token, .. telemetry]);

        Assert.Equal((1, expected), (result.ExitCode, result.Stderr.Trim()));
        Assert.DoesNotContain("hunter2", result.Stdout + result.Stderr);
    }
}
