using System.CommandLine;
using StyleFarm.Client.Cli;
using StyleFarm.Kernels.Models;

namespace StyleFarm.Client.Commands;

/// <summary>`stylefarm models install NAME PATH|URL` and `stylefarm models list`: the installed network weights.</summary>
public static class ModelsCommand
{
    public static Command Create()
    {
        var folder = new Option<string?>("--models") { Description = "the model folder (default: $STYLEFARM_HOME/models or ~/.local/share/stylefarm/models)", Recursive = true };
        var name = new Argument<string>("name") { Description = "the network: vgg19 (optimisation stylizer) or vgg16 (network training)" };
        var source = new Argument<string>("source") { Description = "a .safetensors file with torchvision's key names, or an http(s) URL to one" };
        var install = new Command("install", "Copy or download a network's weights once, check every tensor and print the file's sha256") { name, source };
        install.SetAction((parse, cancel) => CommandErrors.RunAsync(async () =>
        {
            using var http = new HttpClient();
            var store = Open(parse.GetValue(folder), http);
            var result = await store.InstallAsync(parse.GetValue(name)!, parse.GetValue(source)!, cancel);
            var verb = result.AlreadyInstalled ? "already installed" : "installed";
            Console.WriteLine($"{result.Name} {verb}: {result.Path} ({result.Bytes / 1e6:F1} MB)");
            Console.WriteLine($"sha256 {result.Sha256}");
            return 0;
        }));

        var list = new Command("list", "List the installed network weights");
        list.SetAction(parse => CommandErrors.Run(() =>
        {
            using var http = new HttpClient();
            var store = Open(parse.GetValue(folder), http);
            var installed = store.List();
            if (installed.Count == 0)
                Console.WriteLine($"no weights installed in {store.Folder}: renders use seeded random-weight networks (run `stylefarm models install vgg19 FILE|URL`)");
            foreach (var model in installed)
                Console.WriteLine($"{model.Name}\t{model.Bytes / 1e6:F1} MB\t{model.InstalledUtc:u}\t{model.Path}");
            return 0;
        }));

        return new Command("models", "Network weights for the feature networks") { folder, install, list };
    }

    /// <summary>The model store at <paramref name="folder"/>, or the default folder.</summary>
    public static ModelStore Open(string? folder, HttpClient http)
    {
        var options = folder is null ? new ModelStoreOptions() : new ModelStoreOptions { Folder = folder };
        return new ModelStore(options, ModelCatalog.Default, http);
    }
}
