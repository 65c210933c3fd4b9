using StyleFarm.Client.Commands;
using StyleFarm.Silo.Api;
using StyleFarm.Silo.Cluster;
using StyleFarm.Silo.Worker;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace StyleFarm.Client.Tests.Helm;

/// <summary>
/// What can be checked of helm/stylefarm without a helm binary (none installs here): its values and templates agree,
/// its templates are YAML once their actions are stripped (<see cref="TemplateStripper"/>), the flags it passes are
/// `stylefarm silo`'s, and the grace period covers a silo's clean stop. Each failure names the template, line and value.
/// </summary>
public sealed class HelmChartTests
{
    /// <summary>
    /// Flags the chart passes that land in `stylefarm silo` with parallel work (issue 12: roles, telemetry). Remove each
    /// from this list once SiloCommand has it; the test then checks it like the others.
    /// </summary>
    private static readonly string[] ExpectedSoonFlags = [];

    private readonly HelmChart _chart = HelmChart.InCheckout();

    [Fact]
    public void EveryValueATemplateReadsIsInValuesYamlWithAComment()
    {
        var references = _chart.References().ToList();
        Assert.True(references.Count > 20, $"only {references.Count} .Values reads found in {_chart.Folder}/templates: the reference scan is broken");
        var missing = references.Where(r => _chart.Values.Find(r.Key) is null).Select(r => r.ToString()).ToList();
        Assert.True(missing.Count == 0, "values read by a template but not in values.yaml:\n" + string.Join('\n', missing));

        // Every key a template reads, and every key above one, says what it is: a comment on its line or directly above.
        var read = references.Select(r => r.Key).ToHashSet();
        var uncommented = _chart.Values.Keys
            .Where(k => read.Any(r => r == k.Path || r.StartsWith(k.Path + ".", StringComparison.Ordinal)) && !k.HasComment)
            .Select(k => $"values.yaml:{k.Line}: {k.Path} (read by {references.First(r => r.Key == k.Path || r.Key.StartsWith(k.Path + ".", StringComparison.Ordinal))})")
            .ToList();
        Assert.True(uncommented.Count == 0, "values without a comment on or directly above their line:\n" + string.Join('\n', uncommented));
    }

    [Fact]
    public void NoTemplateReadsValuesThroughAWithScope()
    {
        var scoped = _chart.ScopedValueReads().Select(r => r.ToString()).ToList();
        Assert.True(scoped.Count == 0, "inside `with .Values.x`, `.y` reads .Values.x.y, which these tests cannot follow; write the full .Values path:\n" + string.Join('\n', scoped));
    }

    [Fact]
    public void EveryValueInValuesYamlIsReadBySomeTemplate()
    {
        var read = _chart.References().Select(r => r.Key).ToHashSet();
        // A leaf is used when a template reads it or a mapping above it whole (toYaml of resources, nodeSelector).
        var dead = _chart.Values.Keys
            .Where(k => k.IsLeaf && !read.Any(r => r == k.Path || k.Path.StartsWith(r + ".", StringComparison.Ordinal)))
            .Select(k => $"values.yaml:{k.Line}: {k.Path}")
            .ToList();
        Assert.True(dead.Count == 0, "values no template reads (remove them, or use them):\n" + string.Join('\n', dead));
    }

    [Fact]
    public void EveryTemplateIsWellFormedYamlOnceItsActionsAreStripped()
    {
        var manifests = _chart.Templates.Where(t => t.Key.EndsWith(".yaml", StringComparison.Ordinal)).ToList();
        Assert.True(manifests.Count >= 7, $"only {manifests.Count} templates in {_chart.Folder}/templates");
        var kinds = new List<string>();
        foreach (var (name, text) in manifests)
        {
            var documents = Parse(TemplateStripper.Strip(text, name), name);
            foreach (var root in documents.Select(d => d.RootNode))
            {
                var mapping = Assert.IsType<YamlMappingNode>(root);
                Assert.True(mapping.Children.ContainsKey("apiVersion") && mapping.Children.ContainsKey("kind"),
                    $"{name}:{root.Start.Line}: a Kubernetes object without apiVersion and kind (its indentation is probably off)");
                kinds.Add(((YamlScalarNode)mapping["kind"]).Value!);
            }
        }
        Assert.Equal(["Deployment", "Ingress", "PodDisruptionBudget", "PodDisruptionBudget", "Service", "Service", "ServiceAccount", "StatefulSet"], kinds.Order());
    }

    [Fact]
    public void EveryNamedTemplateIsWellFormedYamlOnceItsActionsAreStripped()
    {
        var defines = _chart.Defines();
        Assert.Contains("stylefarm.siloArgs", defines.Keys);
        foreach (var (name, (line, body)) in defines)
            Parse(TemplateStripper.Strip(body, $"{HelmChart.Helpers} (define \"{name}\")", line), $"{HelmChart.Helpers} (define \"{name}\")", line);
    }

    [Fact]
    public void EveryFlagTheTemplatesPassIsAnOptionOfStylefarmSilo()
    {
        var command = SiloCommand.Create();
        var options = command.Options.SelectMany(o => o.Aliases.Append(o.Name)).ToHashSet();
        var passed = _chart.SiloFlags().ToList();
        Assert.Contains(passed, p => p.Flag == "--advertise");
        var unknown = passed.Where(p => !options.Contains(p.Flag) && !ExpectedSoonFlags.Contains(p.Flag))
            .Select(p => $"{p.Template}:{p.Line}: {p.Flag}")
            .ToList();
        Assert.True(unknown.Count == 0, "flags the templates pass that `stylefarm silo` does not have:\n" + string.Join('\n', unknown));
    }

    [Fact]
    public void TheGracePeriodExceedsASilosCleanStop()
    {
        // Roles stop together (the worker's last finish call, the API's requests in flight), then the silo leaves the cluster.
        var worker = new WorkerOptions().CallTimeout;
        // Made without its tokens (required by the compiler only): only the defaults are read.
        var api = ((ApiOptions)Activator.CreateInstance(typeof(ApiOptions))!).ShutdownTimeout;
        var stop = (worker > api ? worker : api) + OrleansNode.StopPatience;
        var grace = _chart.Values.Find("terminationGracePeriodSeconds");

        Assert.NotNull(grace);
        Assert.True(int.Parse(grace.Scalar!) > stop.TotalSeconds,
            $"values.yaml:{grace.Line}: terminationGracePeriodSeconds {grace.Scalar} must exceed max(WorkerOptions.CallTimeout {worker.TotalSeconds} s, " +
            $"ApiOptions.ShutdownTimeout {api.TotalSeconds} s) + OrleansNode.StopPatience {OrleansNode.StopPatience.TotalSeconds} s = {stop.TotalSeconds} s");
        // Every silo pod gets it, and its comment names what it must exceed.
        foreach (var template in new[] { "workers-statefulset.yaml", "coordinator-deployment.yaml" })
            Assert.Contains("terminationGracePeriodSeconds: {{ .Values.terminationGracePeriodSeconds }}", _chart.Templates[template]);
        var values = File.ReadAllLines(Path.Combine(_chart.Folder, "values.yaml"));
        var comment = string.Join(' ', values[..(grace.Line - 1)].Reverse().TakeWhile(l => l.TrimStart().StartsWith('#')));
        foreach (var option in new[] { "WorkerOptions.CallTimeout", "ApiOptions.ShutdownTimeout", "OrleansNode.StopPatience" })
            Assert.True(comment.Contains(option, StringComparison.Ordinal), $"values.yaml:{grace.Line}: the comment above terminationGracePeriodSeconds does not name {option}");
    }

    // `firstLine`: the template line the YAML's first line comes from.
    private static IList<YamlDocument> Parse(string yaml, string template, int firstLine = 1)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            var lines = yaml.Split('\n');
            var line = (int)e.Start.Line;
            var shown = line >= 1 && line <= lines.Length ? lines[line - 1].Trim() : "";
            Assert.Fail($"{template}:{firstLine + line - 1}: not YAML once its actions are stripped ({e.Message}); the stripped line reads '{shown}'");
        }
        return stream.Documents;
    }
}
