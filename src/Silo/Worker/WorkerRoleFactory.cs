using StyleFarm.Kernels.Models;
using StyleFarm.Kernels.Shots;
using StyleFarm.Silo.Execution;
using StyleFarm.Silo.Hosting;
using StyleFarm.Silo.Paths;
using static TorchSharp.torch;

namespace StyleFarm.Silo.Worker;

/// <summary>
/// Builds a silo's <see cref="WorkerRole"/>: the executors (<see cref="TaskExecutors.Create"/>) over the silo's
/// artifact store, its model store, its flow cache and device, and a <see cref="Worker"/> with the silo's name and
/// capabilities that asks the silo's grains for work.
/// </summary>
public sealed class WorkerRoleFactory : IWorkerRoleFactory
{
    /// <inheritdoc />
    public ISiloRole Create(WorkerRoleContext context)
    {
        var options = context.Options;
        var cacheFolder = options.CacheFolder ?? WorkerOptions.DefaultCacheFolder(Environment.GetEnvironmentVariable);
        var cache = new FlowCache(cacheFolder);
        // Only `models install` downloads; the worker's model store reads installed weights.
        var http = new HttpClient();
        var models = new ModelStore(options.ModelsFolder is null ? new ModelStoreOptions() : new ModelStoreOptions { Folder = options.ModelsFolder },
            ModelCatalog.Default, http);
        var styleModels = new StyleModels(models, device(options.Device));
        try
        {
            // Scratch beside the cache, one folder per silo so silos sharing a cache folder do not collide.
            var work = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(cacheFolder)) ?? Path.GetTempPath(), "work", options.Name);
            var services = new ExecutionServices(context.Artifacts, cache, models, options.Device, work, new ShotDetectorOptions(), PathPolicy.Under(options.Paths));
            var worker = new Worker(options.Worker with { Silo = options.Name, Capabilities = options.Capabilities, FlowCacheBytes = options.FlowCacheBytes },
                context.Grains, context.SiloAddress, TaskExecutors.Create(services, styleModels), cache, context.Time, context.Log, context.Metrics, context.Tracing);
            return new WorkerRole(worker, [styleModels, http], context.Log);
        }
        catch
        {
            styleModels.Dispose();
            http.Dispose();
            throw;
        }
    }
}
