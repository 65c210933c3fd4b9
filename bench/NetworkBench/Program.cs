using StyleFarm.Bench.Network;

// bench/network-quality.sh runs "quality", bench/network.sh runs "speed"; options in QualityFigures.cs and SpeedFigures.cs.
var arguments = new Arguments(args);
return args.FirstOrDefault() switch
{
    "quality" => await QualityFigures.RunAsync(arguments),
    "speed" => await SpeedFigures.RunAsync(arguments),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: NetworkBench quality|speed [--name value …]");
    return 2;
}
