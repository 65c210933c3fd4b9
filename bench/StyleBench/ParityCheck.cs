using System.Globalization;
using StyleFarm.Kernels.Models;
using StyleFarm.Kernels.Style;
using static TorchSharp.torch;

namespace StyleFarm.Bench.Style;

/// <summary>
/// Evaluates the frame energy once here and once in the PyTorch reference on the same weights and inputs
/// (handed over as safetensors files) and prints how far the loss and the gradient differ.
/// </summary>
internal static class ParityCheck
{
    public static void Run(FeatureNetwork network, IFeatureWeights weights, BenchOptions options, int width, int height)
    {
        var folder = Directory.CreateTempSubdirectory("stylefarm-style-bench-");
        try
        {
            var weightsPath = Path.Combine(folder.FullName, "vgg19.safetensors");
            var inputsPath = Path.Combine(folder.FullName, "inputs.safetensors");
            var writer = new SafeTensorsWriter();
            foreach (var required in weights.Layout.RequiredTensors) writer.Add(required.Name, required.Shape, weights.Read(required.Name));
            writer.Write(weightsPath);

            using var scope = NewDisposeScope();
            manual_seed(1);
            var p = rand([1, 3, height, width]);
            var a = rand([1, 3, height, width]);
            var omega = rand([1, 3, height, width]);
            var c = rand([1, 1, height, width]).gt(0.1).to_type(ScalarType.Float32);
            var x = rand([1, 3, height, width]);
            var inputs = new SafeTensorsWriter();
            foreach (var (name, t) in new[] { ("p", p), ("a", a), ("omega", omega), ("c", c), ("x", x) })
                inputs.Add(name, t.shape, t.data<float>().ToArray());
            inputs.Write(inputsPath);

            var energy = new StyleEnergyOptions();
            using var targets = StyleTargets.Compute(network, a, width, height, energy.StyleLayers.Select(l => l.Layer));
            using var objective = new FrameObjective(network, targets, p, energy, [new TemporalReference(omega, c)]);
            x.requires_grad_();
            var ours = objective.Evaluate(x).item<float>();
            var ourGrad = x.grad!.data<float>().ToArray();

            var (theirs, theirGrad) = ReferenceScript.Check(options, weightsPath, inputsPath);
            var largest = theirGrad.Max(Math.Abs);
            var worst = ourGrad.Zip(theirGrad, (o, t) => Math.Abs(o - t)).Max();
            double dot = 0, oo = 0, tt = 0;
            for (var i = 0; i < ourGrad.Length; i++)
            {
                dot += ourGrad[i] * theirGrad[i];
                oo += (double)ourGrad[i] * ourGrad[i];
                tt += theirGrad[i] * theirGrad[i];
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"parity at {width}x{height}: loss ours {ours:G9}, reference {theirs:G9} (relative difference {Math.Abs(ours - theirs) / Math.Abs(theirs):E2}); " +
                $"gradient max |difference| / max |gradient| {worst / largest:E2}, cosine {dot / Math.Sqrt(oo * tt):F9}"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
