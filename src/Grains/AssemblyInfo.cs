// The domain lands with the render-farm issue; this assembly exists so the layout is complete.
[assembly: System.CLSCompliant(false)]
