"""Stage 1, inputs: TOML files into validated workloads and sites, references checked against the
run's catalogs. Takes the run's plugins; never imports the CLI."""
