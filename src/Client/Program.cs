using System.CommandLine;

var root = new RootCommand("StyleFarm: temporally consistent video style transfer");
return root.Parse(args).Invoke();
