using StyleFarm.Kernels.Optim;
using StyleFarm.Kernels.Tests.Torch;

namespace StyleFarm.Kernels.Tests.Optim;

/// <summary>
/// Our optimizers against PyTorch's on the same problem from the same start. The numbers are hard-coded
/// from reference/optim_reference.py, run with Debian's python3-torch 1.13 (/usr/bin/python3), which CI
/// does not install; rerun that script to regenerate them.
/// </summary>
public class OptimReferenceTests
{
    // torch.optim.LBFGS(lr=1, history_size=100, line_search_fn=None): x after k = 1..5 iterations.
    private static readonly double[][] LbfgsIterates =
    [
        [-0.3831460674157303, 0.19831460674157303, -0.22415730337078651, 0.2786516853932584, 0.10786516853932585, -0.3146067415730337, 0.18820224719101122, -0.23426966292134832, 0.347191011235955, 0.06067415730337079],
        [-0.14436185489934708, -0.07113909747595204, -0.0899505941815896, -0.010325467197568439, 0.29002492706867133, -0.06445213373002573, 0.06645523221265748, -0.05492074241030373, -0.11689661496883536, 0.04783104202944444],
        [-0.25802162186711697, 0.03704304154217655, -0.06751956147670174, -0.077880489618878, 0.30327197337303463, 0.011940678923015147, 3.534438590903355e-05, -0.13838249624052146, -0.04363925336281928, 0.012852395596114556],
        [-0.2725235219747831, 0.03067832423787853, -0.06323179944194077, -0.03895926478481912, 0.2917556310131831, -0.02780833683836291, -0.006761222588697994, -0.12867499044357047, -0.030077733252690506, -0.01270333694937404],
        [-0.30401674492655784, 0.019781288976530552, -0.02968369801556335, -0.031490692407032034, 0.28794381798896984, -0.041572073662729345, -0.0433155123009927, -0.1251606595253569, -0.04065979386306457, -0.0495842592972245],
    ];

    // The losses the 5-iteration PyTorch run evaluated (the start and after iterations 1..4).
    private static readonly double[] LbfgsLosses =
        [2.12109375, 0.5746236073412447, -0.21456409830407902, -0.49428674714580556, -0.5416854941581989];

    // torch.optim.Adam(lr=0.1): x after steps 1..5.
    private static readonly double[][] AdamIterates =
    [
        [-0.4000000006153846, 0.15000000139130434, -0.1500000027826086, 0.4000000003248731, 0.09999999933333334, -0.40000000038787875, 0.15000000116363638, -0.15000000457142837, 0.40000000047058826, 0.09999999881481482],
        [-0.3079702558231129, 0.0869643928490447, -0.050049580373416364, 0.3007348112681071, 0.1968903607397619, -0.3003948777349442, 0.05286216712619582, -0.1831580917943535, 0.3026565499931716, 0.19266160097841273],
        [-0.22417925138697467, 0.054552511073934926, 0.03929768059559577, 0.20549108900733487, 0.2876864087707809, -0.2039982495123836, -0.0428230711639348, -0.19429227129176702, 0.208538734060343, 0.23251485244598544],
        [-0.15796742314831352, 0.038272639213395715, 0.12372101351677849, 0.11814707221582912, 0.3624804692906369, -0.11374075075167894, -0.13114902399844575, -0.16670373837705602, 0.11752827827211423, 0.22207562324361624],
        [-0.12368004399507958, 0.031310058517167255, 0.21144941945892454, 0.041720883972263645, 0.408339732276087, -0.03165100914263354, -0.1990443666570605, -0.12495895489658752, 0.030118237485807456, 0.1856745020576337],
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void LbfgsIteratesMatchPyTorchsLbfgsWithoutLineSearch(int iterations)
    {
        using var quadratic = new Quadratic();
        using var x = quadratic.NewStart();

        var result = new Lbfgs(new LbfgsOptions { MaxIterations = iterations }).Optimize(x, quadratic.Loss);

        Assert.Equal(StopReason.MaxIterations, result.StopReason);
        TensorAssert.Close(LbfgsIterates[iterations - 1], x.data<double>().ToArray(), 1e-12);
    }

    [Fact]
    public void LbfgsEvaluatesTheSameLossesAsPyTorchAndSkipsTheLastPoint()
    {
        using var quadratic = new Quadratic();
        using var x = quadratic.NewStart();

        var result = new Lbfgs(new LbfgsOptions { MaxIterations = 5 }).Optimize(x, quadratic.Loss);

        Assert.Equal(5, quadratic.Evaluations);
        Assert.Equal(5, result.Evaluations);
        TensorAssert.Close(LbfgsLosses, result.LossHistory.ToArray(), 1e-12);
        Assert.Equal(LbfgsLosses[^1], result.FinalLoss, 12);
    }

    [Fact]
    public void AdamIteratesMatchPyTorchsAdam()
    {
        using var quadratic = new Quadratic();
        using var x = quadratic.NewStart();
        var iterates = new List<double[]>();

        Adam.Optimize(x, quadratic.Loss, 5, new AdamOptions { LearningRate = 0.1 },
            new SynchronousProgress(_ => iterates.Add(x.data<double>().ToArray())));

        Assert.Equal(5, iterates.Count);
        for (var step = 0; step < 5; step++) TensorAssert.Close(AdamIterates[step], iterates[step], 1e-12);
    }
}
