"""Demo data for `make run`: the demo organisations and accounts every service's seed shares, and the
loader that reads the seeds' data files. Never consulted by request handling."""
