if (args is ["efficient-scaling", ..]) return Benchmarks.EfficientAttentionScaling.Run(args[1..]);
BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
