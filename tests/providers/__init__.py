"""Local servers that speak each notification provider's documented HTTP API, for tests and benchmarks."""
