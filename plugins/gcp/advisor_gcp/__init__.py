"""advisor provider plugin: Google Cloud: Compute Engine machines and GPUs."""
