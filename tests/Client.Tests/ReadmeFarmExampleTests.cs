using System.Diagnostics;
using System.Text.Json;
using StyleFarm.Client.Cli;
using StyleFarm.Kernels.Video;
using static StyleFarm.Client.Tests.ReadmeFarmExample;

namespace StyleFarm.Client.Tests;

/// <summary>
/// README.md's "A local farm" example, run line by line as the README writes it (cluster up, export, ffmpeg, submit,
/// watch, status, cluster ps, cluster down) on a real farm of PostgreSQL, Azurite and silo processes. Only the job is
/// made tiny: the option values in <see cref="Tiny"/> replace the README's, and two iteration options are added.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ReadmeFarmExampleTests : IDisposable
{
    // The README's values that would take minutes, and the test's: 2 silos, 6 frames at 64 px wide (vtest is 4:3), 2 passes of two 3-frame segments.
    private static readonly Dictionary<string, string> Tiny = new()
    {
        ["--silos"] = "2", ["-frames:v"] = "6", ["--width"] = "64", ["--passes"] = "2", ["--segment-length"] = "3", ["--halo"] = "1",
    };

    private static readonly string[] FewIterations = ["--iterations", "2", "--first-frame-iterations", "2"];

    private readonly TempFolder _data = new();
    // The checkout the README's lines run in: `cluster up` takes it as a root, and out/ is inside it.
    private readonly TempFolder _pwd = new();

    private string Out(string name) => Path.Combine(_pwd.Path, "out", name);

    [Fact]
    public void TheExampleRunsAJobOnTwoSilosToEveryFrameAtTheRequestedSizeAndStatusSaysSucceeded()
    {
        var environment = new Dictionary<string, string>();
        var variables = new Dictionary<string, string>();
        var results = new Dictionary<string, StyleFarmCli.Result>();
        var replaced = new HashSet<string>();
        string? output = null;

        foreach (var step in Read())
        {
            switch (step)
            {
                case StyleFarmStep command:
                    var args = Substitute(command.Args, variables, replaced);
                    if (command.Name == "submit")
                    {
                        args = [.. args, .. FewIterations];
                        output = args[Array.IndexOf(args, "-o") + 1];
                    }
                    var result = StyleFarmCli.RunIn(_pwd.Path, environment, args);
                    Assert.True(result.ExitCode == 0, $"`{command.Line}` exited with {result.ExitCode}:\n{result.Stdout}\n{result.Stderr}\n{SiloLogs()}");
                    results[command.Name] = result;
                    if (command.AssignsTo is { } name) variables[name] = result.Stdout.Trim();
                    break;
                case ExportStep export:
                    Assert.Equal([ServerOptions.ServerVariable, ServerOptions.TokenVariable], export.Variables.Keys.Order(StringComparer.Ordinal));
                    // The README's address has a PORT to fill in from up's output; its token is read from the farm's token file.
                    environment[ServerOptions.ServerVariable] = ApiOf(results["cluster up"].Stdout);
                    var tokenFile = Assert.Single(Substitute([CatArgument(export.Variables[ServerOptions.TokenVariable])], variables, replaced));
                    environment[ServerOptions.TokenVariable] = File.ReadAllText(tokenFile).Trim();
                    break;
                case FfmpegStep ffmpeg:
                    Directory.CreateDirectory(Out(""));
                    RunFfmpeg(Substitute(ffmpeg.Args, variables, replaced));
                    break;
            }
        }

        Assert.Equal(Tiny.Keys.Order(), replaced.Order());
        var job = variables["JOB"];
        Assert.Matches("^[0-9a-f]{32}$", job);
        Assert.Contains($"farm up in {_data.Path}", results["cluster up"].Stdout);
        Assert.Contains($"job {job} succeeded: {output}", results["watch"].Stdout);
        using (var status = JsonDocument.Parse(results["status"].Stdout))
        {
            Assert.Equal("Succeeded", status.RootElement.GetProperty("state").GetString());
            Assert.Equal((6, 6), (status.RootElement.GetProperty("framesDone").GetInt32(), status.RootElement.GetProperty("framesTotal").GetInt32()));
        }
        var ps = results["cluster ps"].Stdout.Split('\n');
        Assert.Equal(["silo-0", "silo-1"], ps.Where(l => l.StartsWith("silo-", StringComparison.Ordinal) && l.TrimEnd().EndsWith(" running", StringComparison.Ordinal))
            .Select(l => l.Split(' ')[0]));
        Assert.Equal($"farm in {_data.Path} stopped", results["cluster down"].Stdout.Trim());

        var reader = VideoReader.Open(output!);
        Assert.Equal((64, 48, 6), (reader.Width, reader.Height, reader.Info.FrameCount));
        var frames = reader.ReadAsync(0, 6).ToBlockingEnumerable().ToList();
        Assert.Equal(6, frames.Count);
        Assert.All(frames, f => Assert.Equal((64, 48), (f.Width, f.Height)));
    }

    [Fact]
    public void TheExampleIsReadFromTheReadmeInOrder()
    {
        var steps = Read();

        Assert.Equal(["cluster up", "export", "ffmpeg", "submit", "watch", "status", "cluster ps", "cluster down"],
            steps.Select(s => s switch { StyleFarmStep c => c.Name, ExportStep => "export", _ => "ffmpeg" }));
        var submit = steps.OfType<StyleFarmStep>().Single(s => s.Name == "submit");
        Assert.Equal("JOB", submit.AssignsTo);
        Assert.Contains("--segment-length", submit.Args);
        // Every farm command points at the same data folder, so `ps` and `down` find the farm `up` started.
        Assert.All(steps.OfType<StyleFarmStep>().Where(s => s.Args[0] == "cluster"), s => Assert.Equal(".data/farm", s.Args[Array.IndexOf([.. s.Args], "--data") + 1]));
    }

    [Fact]
    public void ALineOfAnotherFormIsRefusedNamingIt()
    {
        var readme = $"intro\n{Heading}\ntext\n```\n./stylefarm cluster up --data d   # starts it\nrm -rf d\n```\n";

        var error = Assert.Throws<InvalidDataException>(() => Parse(readme));

        Assert.StartsWith("README.md's farm example has a line the test cannot run: 'rm -rf d'", error.Message);
    }

    public void Dispose()
    {
        // Stops whatever the example started, also when it failed before its own `cluster down`.
        StyleFarmCli.Run("cluster", "down", "--data", _data.Path);
        _data.Dispose();
        _pwd.Dispose();
    }

    // The README's folders become the test's, $NAME becomes a variable set earlier, and a value in Tiny replaces the README's.
    private string[] Substitute(IReadOnlyList<string> words, IReadOnlyDictionary<string, string> variables, HashSet<string> replaced)
    {
        var result = new string[words.Count];
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (i > 0 && Tiny.TryGetValue(words[i - 1], out var tiny))
            {
                replaced.Add(words[i - 1]);
                word = tiny;
            }
            else if (word.StartsWith('$') && variables.TryGetValue(word[1..], out var value)) word = value;
            else if (word == ".data/farm" || word.StartsWith(".data/farm/", StringComparison.Ordinal)) word = _data.Path + word[".data/farm".Length..];
            else if (word.StartsWith("$PWD/out/", StringComparison.Ordinal)) word = Out(word["$PWD/out/".Length..]);
            else if (word.StartsWith("out/", StringComparison.Ordinal)) word = Out(word["out/".Length..]);
            Assert.False(word.Contains('$'), $"the README's '{word}' names a variable the example does not set");
            result[i] = word;
        }
        return result;
    }

    private static string CatArgument(string value)
    {
        Assert.True(value.StartsWith("$(cat ", StringComparison.Ordinal) && value.EndsWith(')'), $"the README's token should come from $(cat TOKEN-FILE), not '{value}'");
        return value["$(cat ".Length..^1];
    }

    private static string ApiOf(string upOutput)
    {
        var line = upOutput.Split('\n').FirstOrDefault(l => l.StartsWith("api ", StringComparison.Ordinal));
        Assert.True(line is not null, $"cluster up printed no 'api ADDRESS' line:\n{upOutput}");
        return line["api ".Length..].Trim();
    }

    private static void RunFfmpeg(string[] args)
    {
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var ffmpeg = Process.Start(info)!;
        var errors = ffmpeg.StandardError.ReadToEnd();
        ffmpeg.WaitForExit();
        Assert.True(ffmpeg.ExitCode == 0, $"ffmpeg {string.Join(' ', args)}: {errors}");
    }

    private string SiloLogs()
    {
        var folder = Path.Combine(_data.Path, "silos");
        return Directory.Exists(folder)
            ? string.Join('\n', Directory.GetFiles(folder, "*.log").Select(f => $"{Path.GetFileName(f)}:\n{string.Join('\n', File.ReadLines(f).TakeLast(20))}"))
            : "";
    }
}
