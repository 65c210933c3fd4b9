using System.CommandLine;
using StyleFarm.Client.Api;

namespace StyleFarm.Client.Cli;

/// <summary>
/// `--server URL` and `--token TOKEN` of the commands that talk to a farm's API, defaulting to the
/// STYLEFARM_SERVER and STYLEFARM_TOKEN environment variables (a token in the environment stays out of
/// the shell history and the process list).
/// </summary>
public sealed class ServerOptions
{
    /// <summary>The environment variable of the server's address.</summary>
    public const string ServerVariable = "STYLEFARM_SERVER";

    /// <summary>The environment variable of the API token (the operator's; `stylefarm silo` reads it too).</summary>
    public const string TokenVariable = "STYLEFARM_TOKEN";

    /// <summary>The environment variable `stylefarm silo` reads the viewer token from when no --viewer-token-file is given.</summary>
    public const string ViewerTokenVariable = "STYLEFARM_VIEWER_TOKEN";

    /// <summary>The API's address.</summary>
    public Option<string?> Server { get; } = new("--server")
    {
        Description = $"the farm's API address, e.g. http://127.0.0.1:5280 (default: ${ServerVariable})",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(ServerVariable),
    };

    /// <summary>The API token; read from the environment only when the command runs (a default value would show it in --help).</summary>
    public Option<string?> Token { get; } = new("--token")
    {
        Description = $"the farm's API token (default: ${TokenVariable}; `stylefarm cluster up` prints it)",
    };

    /// <summary>Adds both options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Server);
        command.Options.Add(Token);
    }

    /// <summary>A client of the server the options name.</summary>
    /// <exception cref="ArgumentException">No server is given, or its address is malformed.</exception>
    public StyleFarmClient Client(ParseResult parse)
    {
        var server = parse.GetValue(Server);
        if (string.IsNullOrWhiteSpace(server))
            throw new ArgumentException($"no server given: pass --server http://HOST:PORT or set {ServerVariable}");
        if (!Uri.TryCreate(server, UriKind.Absolute, out var address))
            throw new ArgumentException($"--server '{server}' is not an address: write http://HOST:PORT");
        var token = parse.GetValue(Token) ?? Environment.GetEnvironmentVariable(TokenVariable);
        return new StyleFarmClient(address, string.IsNullOrWhiteSpace(token) ? null : token.Trim());
    }
}
