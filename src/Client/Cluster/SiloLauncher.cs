using System.Reflection;

namespace StyleFarm.Client.Cluster;

/// <summary>Starts `stylefarm silo …` as a detached process of this same program (its apphost, or dotnet with its dll).</summary>
public static class SiloLauncher
{
    /// <summary>What a silo's command line shows, with its name after --name (to tell it from a recycled pid).</summary>
    public static string[] Marks(string name) => [" silo ", $"--name {name} "];

    /// <summary>
    /// Starts a silo with <paramref name="arguments"/> (after `silo`) and <paramref name="environment"/> (where its credentials go:
    /// any user's `ps` shows arguments), its output appended to <paramref name="log"/>; returns its process id.
    /// </summary>
    public static int Start(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, string log)
    {
        var (program, prefix) = Self();
        return LocalProcess.StartDetached(program, [.. prefix, "silo", .. arguments], log, environment);
    }

    // Run through `dotnet stylefarm.dll`, the process is dotnet and the program is the entry assembly.
    private static (string Program, string[] Prefix) Self()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell which program this is: Environment.ProcessPath is unknown");
        if (!Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase)) return (process, []);
        var assembly = Assembly.GetEntryAssembly()?.Location;
        if (string.IsNullOrEmpty(assembly)) throw new InvalidOperationException("cannot tell which assembly runs under dotnet");
        return (process, [assembly]);
    }
}
