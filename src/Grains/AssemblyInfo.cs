// The domain of the render farm: pure types and rules, no I/O (see DESIGN.md, "src/Grains").
[assembly: System.CLSCompliant(false)]
