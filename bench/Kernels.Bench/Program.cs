// Filled in by the benchmark work of the foundation issue; prints figures, never passes or fails.
Console.WriteLine("bench: see bench/README.md");
