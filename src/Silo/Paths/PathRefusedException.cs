namespace StyleFarm.Silo.Paths;

/// <summary>
/// A job names a local path this silo will not read or write (outside its roots, an existing output, an unwritable
/// folder, the input as the output). The message is one line for the user and never tells whether a path outside the
/// roots exists.
/// </summary>
public sealed class PathRefusedException(string message, Exception? innerException = null) : Exception(message, innerException);
