using System.CommandLine;
using System.Text.Json;
using StyleFarm.Client.Cli;
using StyleFarm.Client.Cluster;

namespace StyleFarm.Client.Commands;

/// <summary>
/// `stylefarm cluster up|ps|down`: a whole farm on this machine (PostgreSQL, Azurite, N silos) in one data
/// folder. Progress goes to stderr, so stdout holds only the answer (and only JSON with --json).
/// </summary>
public static class ClusterCommand
{
    public static Command Create()
    {
        var command = new Command("cluster", "Run a whole farm on this machine: PostgreSQL, Azurite and silos");
        command.Subcommands.Add(Up());
        command.Subcommands.Add(Ps());
        command.Subcommands.Add(Down());
        return command;
    }

    private static Option<string> DataOption() => new("--data")
    {
        Description = "the farm's data folder (default: $STYLEFARM_HOME/cluster or ~/.local/share/stylefarm/cluster)",
        DefaultValueFactory = _ => ClusterLayout.DefaultRoot(Environment.GetEnvironmentVariable),
    };

    private static Command Up()
    {
        var silos = new Option<int?>("--silos")
        {
            Description = $"how many silos (all host grains and work; silo 0 also serves the API); default {LocalCluster.DefaultSilos}, or as many as the running farm has. " +
                "A running farm with fewer gets the missing ones started",
        };
        var data = DataOption();
        var json = new Option<bool>("--json") { Description = "print the farm record (API address, token, pids, ports) as JSON" };
        var inputRoots = new Option<string[]>("--input-root") { Description = "a folder jobs may read inputs and style images from (repeatable; default: the folder cluster up runs in)" };
        var outputRoots = new Option<string[]>("--output-root") { Description = "a folder jobs may write outputs under (repeatable; default: the folder cluster up runs in)" };
        var command = new Command("up", "Start the farm; on a running farm, start again whatever of it stopped (same names and ports), or report it") { silos, data, json, inputRoots, outputRoots };
        command.SetAction((parse, cancel) => CommandErrors.RunAsync(async () =>
        {
            var layout = new ClusterLayout(Path.GetFullPath(parse.GetValue(data)!));
            var withWorker = FarmPlugins.Create().Workers is not null;
            if (!withWorker) Say("this build has no worker role: the silos coordinate and serve the API but run no tasks");
            var roots = new ClusterRoots(RootsOf(parse.GetValue(inputRoots)), RootsOf(parse.GetValue(outputRoots)),
                Given: parse.GetValue(inputRoots) is { Length: > 0 } || parse.GetValue(outputRoots) is { Length: > 0 });
            var up = await new LocalCluster(layout, Say).UpAsync(parse.GetValue(silos), withWorker, roots, cancel);
            var state = up.State;
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(state, ClusterJsonContext.Default.ClusterState));
                return 0;
            }
            Console.WriteLine(up.Started ? $"farm up in {layout.Root}"
                : up.Restarted.Count + up.Added.Count > 0 ? $"farm up in {layout.Root}: {Changes(up)}"
                : $"farm already up in {layout.Root}");
            Console.WriteLine($"api     {state.Api}");
            Console.WriteLine($"tokens  {layout.TokenFile} (operator: the CLI's, may submit and cancel); {layout.ViewerTokenFile} (viewer: may only look)");
            Console.WriteLine($"paths   inputs under {string.Join(", ", state.InputRoots)}; outputs under {string.Join(", ", state.OutputRoots)}");
            Console.WriteLine($"silos   {string.Join(", ", state.Silos.Select(s => $"{s.Name} ({s.Roles}, pid {s.Pid})"))}");
            Console.WriteLine($"use it: export {ServerOptions.ServerVariable}={state.Api} {ServerOptions.TokenVariable}=$(cat {layout.TokenFile})");
            return 0;
        }));
        return command;
    }

    private static Command Ps()
    {
        var data = DataOption();
        var json = new Option<bool>("--json") { Description = "print the processes as JSON" };
        var command = new Command("ps", "List the farm's processes and whether they run") { data, json };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            var layout = new ClusterLayout(Path.GetFullPath(parse.GetValue(data)!));
            var status = new LocalCluster(layout, Say).Status();
            if (parse.GetValue(json))
            {
                Console.WriteLine(status is null ? "null" : JsonSerializer.Serialize(status, ClusterJsonContext.Default.ClusterStatus));
                return 0;
            }
            if (status is null)
            {
                Console.WriteLine(Directory.Exists(layout.PostgresData)
                    ? $"the farm in {layout.Root} is stopped: start it with `stylefarm cluster up --data {layout.Root}`"
                    : $"no farm in {layout.Root}: start one with `stylefarm cluster up --data {layout.Root}`");
                return 0;
            }
            Console.WriteLine($"api {status.Api}");
            Console.WriteLine($"{"NAME",-10} {"ROLES",-26} {"PID",8} {"PORT",6} STATE");
            Console.WriteLine($"{"postgres",-10} {"",-26} {status.Postgres.Pid,8} {status.Postgres.Port,6} {State(status.Postgres.Alive)}");
            Console.WriteLine($"{"azurite",-10} {"",-26} {status.Azurite.Pid,8} {status.Azurite.Port,6} {State(status.Azurite.Alive)}");
            foreach (var silo in status.Silos)
                Console.WriteLine($"{silo.Name,-10} {silo.Roles,-26} {silo.Pid,8} {"",6} {State(silo.Alive)}");
            if (!status.Postgres.Alive && !status.Azurite.Alive && !status.Silos.Any(s => s.Alive))
                Console.WriteLine($"the farm in {layout.Root} is stopped: start it with `stylefarm cluster up --data {layout.Root}`");
            return 0;
        }));
        return command;
    }

    private static Command Down()
    {
        var data = DataOption();
        var command = new Command("down", "Stop the farm's silos, Azurite and PostgreSQL (their data stays)") { data };
        command.SetAction((parse, cancel) => CommandErrors.RunAsync(async () =>
        {
            var layout = new ClusterLayout(Path.GetFullPath(parse.GetValue(data)!));
            var stopped = await new LocalCluster(layout, Say).DownAsync(cancel);
            Console.WriteLine(stopped ? $"farm in {layout.Root} stopped" : $"no farm running in {layout.Root}");
            return 0;
        }));
        return command;
    }

    // "restarted silo-1; added silo-2, silo-3".
    private static string Changes(ClusterUp up) => string.Join("; ",
        new[] { ("restarted", up.Restarted), ("added", up.Added) }.Where(c => c.Item2.Count > 0).Select(c => $"{c.Item1} {string.Join(", ", c.Item2)}"));

    // The folder `cluster up` runs in, unless roots are given: a user on one machine submits the files of the project
    // folder they work in (as the README's example does), and no system folder is opened to token holders by default.
    private static IReadOnlyList<string> RootsOf(string[]? given) =>
        given is { Length: > 0 } ? given.Select(Path.GetFullPath).ToList() : [Environment.CurrentDirectory];

    private static string State(bool alive) => alive ? "running" : "stopped";

    private static void Say(string line) => Console.Error.WriteLine($"cluster: {line}");
}
