using StyleFarm.Kernels.Flow;
using static StyleFarm.Bench.Shared.BenchArguments;

namespace StyleFarm.Bench.PairErrors;

/// <summary>
/// The command line: --frames N (12: the farm's 3-segment seam test), --iterations N per pass (3), --passes N (3: the last
/// sweep is backward and ends at the shot's first frame), --flow exact or an estimator's name (exact: the clip's own flow;
/// dis, deepflow, farneback as jobs use), --shift N (0; N: the pan starts N frames earlier, so the content of the default
/// clip's pair k is pair k + N, and a pair's error can be told from where in the shot it sits).
/// </summary>
internal sealed record PairErrorsOptions(int Frames, int Iterations, int Passes, string Flow, int Shift)
{
    public static PairErrorsOptions Parse(string[] args)
    {
        var (frames, iterations, passes, flow, shift) = (12, 3, 3, "exact", 0);
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--frames": frames = Whole(Value(), "--frames", 3); break;
                case "--iterations": iterations = Whole(Value(), "--iterations", 1); break;
                case "--passes": passes = Whole(Value(), "--passes", 2); break;
                case "--flow": flow = Value(); break;
                case "--shift": shift = Whole(Value(), "--shift", 0); break;
                default: throw new ArgumentException($"unknown option {args[i]}; use --frames N --iterations N --passes N --flow exact|dis|deepflow|farneback --shift N");
            }
        }
        if (flow != "exact") OpticalFlowFactory.Create(flow); // an unknown name fails here, before minutes of rendering
        return new PairErrorsOptions(frames, iterations, passes, flow, shift);
    }
}
